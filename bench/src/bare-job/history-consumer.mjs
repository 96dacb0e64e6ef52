// @ts-check
// The bare consumer: the least any function can do to keep an item's history from its table's stream.
// Node's own `node:http` and `node:crypto` only: for each INSERT record of the batch, the same
// conditional PutItem of the same history item as HistoryFunction's store makes (the entry under
// `items#<id>` / its zero-padded version, the record without its write token, a token beside it),
// signed with SigV4 by hand; answered as a batch with no failure. No validation, logging, retries or
// MODIFY/REMOVE: the limit of the job the benchmark times, against which HistoryFunction's cold start
// is set. One module, as `index.mjs` is (its signing repeated here, not shared, for that reason).
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { request } from 'node:http';

const env = process.env;
const endpoint = new URL(env.AWS_ENDPOINT_URL_DYNAMODB ?? '');
const region = env.AWS_REGION ?? 'us-east-1';
// What the store sets on every write: not among an entry's changed fields (as `historyEntryOf`).
const SERVER_ATTRIBUTES = new Set(['id', 'version', 'createdAt', 'updatedAt', 'writeToken']);

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

/** @param {string} target @param {object} body @returns {Promise<any>} */
function dynamoDb(target, body) {
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

/** @param {{ Records: { eventName: string, eventSourceARN: string, dynamodb: { NewImage: Record<string, any> } }[] }} event */
export const handler = async (event) => {
  for (const { eventName, eventSourceARN, dynamodb } of event.Records) {
    // Which resource's record it is, as the consumer knows it: by the table its stream belongs to.
    if (eventName !== 'INSERT' || eventSourceARN.split('/')[1] !== env.TABLE_NAME) throw new Error(`Not an INSERT of ${env.TABLE_NAME}`);
    const { writeToken: _token, ...record } = dynamodb.NewImage;
    const changed = Object.keys(record)
      .filter((name) => !SERVER_ATTRIBUTES.has(name))
      .sort();
    await dynamoDb('PutItem', {
      TableName: env.HISTORY_TABLE_NAME,
      Item: {
        recordKey: { S: `items#${record.id.S}` },
        change: { S: record.version.N.padStart(12, '0') },
        resource: { S: 'items' },
        id: record.id,
        version: record.version,
        type: { S: 'created' },
        at: record.updatedAt,
        record: { M: record },
        changed: { L: changed.map((name) => ({ S: name })) },
        writeToken: { S: randomUUID() },
      },
      ConditionExpression: 'attribute_not_exists(#recordKey)',
      ExpressionAttributeNames: { '#recordKey': 'recordKey' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }
  return { batchItemFailures: [] };
};
