// @ts-check
// What both bare jobs (`index.mjs`, `history-consumer.mjs`) send DynamoDB through: one request of the
// JSON protocol, signed with SigV4 by hand, with Node's own `node:http` and `node:crypto` only. No
// retries and no error but the status and type DynamoDB answered with. The benchmark bundles it into
// each bare job's handler, one module (`handler-variants.ts`), and takes its two imports by
// `process.getBuiltinModule` for the bare job that loads no fetch: keep them its only imports.
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';

const env = process.env;
const endpoint = new URL(env.AWS_ENDPOINT_URL_DYNAMODB ?? '');
const region = env.AWS_REGION ?? 'us-east-1';

/** @param {string} data */
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
/** @param {string | Buffer} key @param {string} data */
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** @param {string} target @param {object} body @returns {Record<string, string>} */
function signedHeaders(target, body) {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const payload = JSON.stringify(body);
  /** @type {Record<string, string>} */
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    host: endpoint.host,
    'x-amz-date': amzDate,
    'x-amz-target': `DynamoDB_20120810.${target}`,
  };
  if (env.AWS_SESSION_TOKEN) headers['x-amz-security-token'] = env.AWS_SESSION_TOKEN;
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', ...names.map((name) => `${name}:${headers[name]}`), '', names.join(';'), sha256(payload)].join('\n');
  const scope = `${date}/${region}/dynamodb/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${env.AWS_SECRET_ACCESS_KEY}`, date), region), 'dynamodb'), 'aws4_request');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${env.AWS_ACCESS_KEY_ID}/${scope}, SignedHeaders=${names.join(';')}, Signature=${hmac(key, toSign).toString('hex')}`;
  headers['content-length'] = String(Buffer.byteLength(payload));
  return headers;
}

/** DynamoDB's `target` operation (`GetItem`, `PutItem`, …) with `body`, its answer parsed. @param {string} target @param {object} body @returns {Promise<any>} */
export function dynamoDb(target, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: endpoint.hostname, port: endpoint.port, method: 'POST', path: '/', headers: signedHeaders(target, body) },
      (res) => {
        const chunks = /** @type {Buffer[]} */ ([]);
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (res.statusCode === 200) resolve(answer);
          else reject(new Error(`${target}: ${res.statusCode} ${answer.__type}`));
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
