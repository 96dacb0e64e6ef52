import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { TEST_CREDENTIALS, TEST_REGION } from '@items-api/test-support/dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbRecordStore } from '../records/dynamodb-record-store.js';
import { StoreUnavailableError } from '../records/errors.js';
import { WIDGETS } from '../test-entities.js';
import { createDynamoDbClient, type DynamoDbCallOutcome } from './dynamodb-client.js';
import { DynamoDbError } from './dynamodb-error.js';

// DynamoDB Local never throttles, fails or hangs on demand: these stand-ins do, on loopback. Everything
// else the client does is proven against DynamoDB Local by the store's own tests.
const credentials = TEST_CREDENTIALS;

// A "DynamoDB" that accepts connections and never answers, as a hung network does.
const sockets = new Set<Socket>();
const silent = createServer((socket) => sockets.add(socket));
let silentEndpoint: string;

// A "DynamoDB" that answers each request with the next scripted answer, recording what it was sent.
type Answer = { status: number; body: unknown };
let script: Answer[] = [];
const received: { headers: IncomingMessage['headers']; body: string; at: number }[] = [];
const scripted = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() });
    const { status, body } = script.shift() ?? { status: 200, body: {} };
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${received.length}` });
    response.end(JSON.stringify(body));
  });
});
let scriptedEndpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentEndpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  await new Promise<void>((resolve) => scripted.listen(0, '127.0.0.1', resolve));
  scriptedEndpoint = `http://127.0.0.1:${(scripted.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  scripted.closeAllConnections();
  await new Promise((resolve) => scripted.close(resolve));
});

const throttled: Answer = {
  status: 400,
  body: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' },
};
const serverError: Answer = { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' } };

describe('createDynamoDbClient', () => {
  it('gives up on a DynamoDB that never answers, as unavailable, well inside a Lambda timeout', { timeout: 30_000 }, async () => {
    const store = new DynamoDbRecordStore(WIDGETS, {
      client: createDynamoDbClient({ endpoint: silentEndpoint, region: TEST_REGION, credentials }),
      tableName: 'widgets',
    });
    const started = Date.now();
    await expect(store.get(randomUUID())).rejects.toBeInstanceOf(StoreUnavailableError);
    const elapsed = Date.now() - started;
    // Three attempts of 2 s plus backoff; the template's timeout is 10 s.
    expect(elapsed).toBeGreaterThanOrEqual(6_000);
    expect(elapsed).toBeLessThan(9_500);
    expect(sockets.size).toBe(3);
  });

  it('retries throttling and 5xx a bounded number of times, with backoff, then answers', async () => {
    script = [throttled, serverError];
    received.length = 0;
    const outcomes: DynamoDbCallOutcome[] = [];
    const client = createDynamoDbClient(
      { endpoint: scriptedEndpoint, region: 'eu-west-1', credentials },
      { observeCall: () => (outcome) => outcomes.push(outcome) },
    );
    await expect(client.call('GetItem', { TableName: 't', Key: { id: { S: 'x' } } })).resolves.toEqual({});
    expect(received).toHaveLength(3);
    expect(outcomes).toEqual([{ requestId: 'req-3', statusCode: 200, retries: 2, error: undefined }]);
    client.destroy();
  });

  it('stops after three attempts, with the last error typed', async () => {
    script = [throttled, throttled, throttled, { status: 200, body: {} }];
    received.length = 0;
    const client = createDynamoDbClient({ endpoint: scriptedEndpoint, region: 'eu-west-1', credentials });
    const error = await client.call('PutItem', { TableName: 't', Item: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DynamoDbError);
    expect(error).toMatchObject({ code: 'ProvisionedThroughputExceededException', statusCode: 400, retryReason: 'throttling' });
    expect(received).toHaveLength(3);
    script = [];
    client.destroy();
  });

  it('does not retry what a retry cannot mend: a failed condition comes back at once', async () => {
    script = [
      {
        status: 400,
        body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' },
      },
    ];
    received.length = 0;
    const client = createDynamoDbClient({ endpoint: scriptedEndpoint, region: 'eu-west-1', credentials });
    await expect(client.call('PutItem', { TableName: 't', Item: {} })).rejects.toMatchObject({
      code: 'ConditionalCheckFailedException',
      retryReason: undefined,
    });
    expect(received).toHaveLength(1);
    client.destroy();
  });

  it("signs each call with SigV4 for DynamoDB in the client's region, with the session token when there is one", async () => {
    received.length = 0;
    const client = createDynamoDbClient({
      endpoint: scriptedEndpoint,
      region: 'eu-west-1',
      credentials: { ...credentials, sessionToken: 'the-token' },
    });
    await client.call('Scan', { TableName: 't' });
    const [{ headers, body }] = received as [(typeof received)[number]];
    expect(headers['x-amz-target']).toBe('DynamoDB_20120810.Scan');
    expect(headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(headers['x-amz-security-token']).toBe('the-token');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(body)).toEqual({ TableName: 't' });
    client.destroy();
  });

  it('refuses to call without credentials, saying which variables are missing', async () => {
    const client = createDynamoDbClient({ endpoint: scriptedEndpoint, region: 'eu-west-1' });
    await expect(client.call('Scan', { TableName: 't' })).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
  });
});
