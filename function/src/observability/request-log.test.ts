import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { type CapturedOutput, captureOutput } from '@items-api/test-support/captured-output';
import { parseEmf } from '@items-api/test-support/emf';
import { useItemsTable } from '@items-api/test-support/items-table';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { type RunningServer, startServer } from '../entry/server.js';
import { createLogger, logger } from './logger.js';
import { ReadableLogger } from './readable-logger.js';

// The plain Node server, as `npm start` runs it, on DynamoDB Local: what it logs and meters.
const table = useItemsTable('request-log');
let output: CapturedOutput;

beforeAll(() => logger.setLogLevel('INFO'));
afterEach(() => output.restore());

/** The server with the store it makes itself from the environment, as `npm start` runs it. */
async function withServer(metrics: boolean, use: (server: RunningServer) => Promise<void>): Promise<void> {
  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const server = await startServer({ port: 0, hostname: '127.0.0.1', metrics });
  try {
    await use(server);
  } finally {
    await server.close();
  }
}

describe('request logs of the Node server', () => {
  it('has one JSON line per request off a terminal: route template, status, latency, request id; no body', async () => {
    output = captureOutput();
    const name = `Private-${randomUUID()}`;
    await withServer(false, async ({ url }) => {
      const post = await fetch(`${url}items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token' },
        body: JSON.stringify({ name, price: 3 }),
      });
      const { id } = (await post.json()) as { id: string };
      const get = await fetch(`${url}items/${id}/`);
      const missing = await fetch(`${url}items/not-a-uuid`, { headers: { 'x-request-id': 'client-id-1' } });
      expect([post.status, get.status, missing.status]).toEqual([201, 200, 404]);

      const requests = output.json().filter((line) => line.message === 'request');
      expect(requests.map(({ method, route, status }) => [method, route, status])).toEqual([
        ['POST', '/items', 201],
        ['GET', '/items/{id}', 200],
        ['GET', '/items/{id}', 404],
      ]);
      expect(requests[0]).toMatchObject({ level: 'INFO', service: 'items-api', requestId: post.headers.get('x-request-id') });
      expect(requests[2]!.requestId).toBe('client-id-1');
      for (const line of requests) expect(line.latencyMs).toBeGreaterThan(0);
      // Off Lambda there is no invocation context to add.
      expect(requests[0]).not.toHaveProperty('cold_start');
    });
    const everything = output.lines().join('\n');
    expect(everything).not.toContain(name);
    expect(everything).not.toContain('secret-token');
    // Metrics are off on the plain server unless asked for.
    expect(everything).not.toContain('"_aws"');
  });

  it("writes each request's metrics on its own when asked, even for requests served concurrently", async () => {
    output = captureOutput();
    await withServer(true, async ({ url }) => {
      const posted = await fetch(`${url}items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Metered', price: 3 }),
      });
      const { id } = (await posted.json()) as { id: string };
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => fetch(`${url}items/${i % 2 ? id : randomUUID()}`).then((r) => r.status)),
      );
      expect(statuses.filter((status) => status === 404)).toHaveLength(10);
    });
    const documents = output
      .lines()
      .filter((line) => line.includes('"_aws"'))
      .map(parseEmf);
    const reads = documents.filter((document) => document.route === 'GET /items/{id}');
    expect(reads).toHaveLength(20);
    expect(reads.filter((document) => document['4xx'] === 1)).toHaveLength(10);
    expect(reads.every((document) => document.Requests === 1 && document['5xx'] === 0)).toBe(true);
    // Every unit DynamoDB reported is written once, under the operation that consumed it.
    const capacity = documents.filter((document) => 'ConsumedCapacity' in document);
    expect(new Set(capacity.map((document) => document.operation))).toEqual(new Set(['PutItem', 'GetItem']));
    const getItemUnits = capacity.filter((d) => d.operation === 'GetItem').reduce((sum, d) => sum + (d.ConsumedCapacity as number), 0);
    expect(getItemUnits).toBe(20);
  });
});

describe('the logger', () => {
  afterAll(() => output?.restore());

  it('prints JSON when not on a terminal and readable lines on one', () => {
    expect(createLogger(false)).toBeInstanceOf(Logger);
    expect(createLogger(false)).not.toBeInstanceOf(ReadableLogger);
    expect(createLogger(true)).toBeInstanceOf(ReadableLogger);
  });

  it('writes one readable line per event, warnings on stderr, with the same levels as Powertools', () => {
    output = captureOutput();
    const readable = new ReadableLogger({ serviceName: 'items-api', logLevel: 'INFO' });
    readable.info('request', { method: 'GET', route: '/items/{id}', status: 200, latencyMs: 3.25 });
    readable.debug('not shown at INFO');
    readable.warn('Item store unavailable', { error: new Error('connect ECONNREFUSED') });
    const [info, warn, ...stack] = output.lines();
    expect(info).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request {2}method=GET route=\/items\/\{id\} status=200 latencyMs=3\.25$/);
    expect(warn).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN {2}Item store unavailable {2}error=Error: connect ECONNREFUSED$/);
    // The error's stack follows, indented, and nothing else.
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.every((line) => line.startsWith('    at '))).toBe(true);
  });
});

describe('recording a request', () => {
  it("never changes the answer when the entry point's recording fails", async () => {
    output = captureOutput();
    const app = createApp({
      stores: { items: table.store() },
      onRequest: () => {
        throw new Error('metrics broke');
      },
    });
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(output.json()).toContainEqual(expect.objectContaining({ level: 'WARN', message: 'Recording the request failed' }));
  });
});
