import { randomBytes, randomUUID } from 'node:crypto';
import { type CapturedOutput, captureOutput } from '@items-api/test-support/captured-output';
import { emfDocumentsOf, logLinesOf } from '@items-api/test-support/emf';
import { type FakeXrayDaemon, startFakeXrayDaemon, type XraySegment } from '@items-api/test-support/fake-xray-daemon';
import { useItemsTable } from '@items-api/test-support/items-table';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../entry/server.js';
import { logger } from './logger.js';

// The plain Node server, tracing and metrics on, answering many requests at once on DynamoDB Local:
// every log line, EMF document and X-Ray document must belong to the request it names, and to no other.
const table = useItemsTable('concurrent-requests');
let daemon: FakeXrayDaemon;
let output: CapturedOutput;
let server: RunningServer;
let existingId: string;

beforeAll(async () => {
  logger.setLogLevel('INFO');
  daemon = await startFakeXrayDaemon();
  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  process.env.AWS_XRAY_DAEMON_ADDRESS = daemon.address;
  existingId = (await table.store().create({ name: 'Shared', price: 1, description: 'Read by many at once' })).id;
  output = captureOutput();
  server = await startServer({ port: 0, hostname: '127.0.0.1', metrics: true, tracing: true });
});
afterAll(async () => {
  await server?.close();
  output?.restore();
  await daemon?.close();
});

/** What a request is, and what it may leave behind: its route, its status, the DynamoDB calls it may make. */
interface Kind {
  method: string;
  path: () => string;
  body?: unknown;
  route: string;
  metric: string;
  status: number;
  operations: string[];
}
const KINDS: Kind[] = [
  {
    method: 'POST',
    path: () => 'items',
    body: { name: 'Concurrent', price: 2 },
    route: '/items',
    metric: 'POST /items',
    status: 201,
    // A create is a put, or a transaction where it claims a key with it.
    operations: ['PutItem', 'TransactWriteItems'],
  },
  {
    method: 'GET',
    path: () => `items/${existingId}`,
    route: '/items/{id}',
    metric: 'GET /items/{id}',
    status: 200,
    operations: ['GetItem'],
  },
  {
    method: 'GET',
    path: () => `items/${randomUUID()}`,
    route: '/items/{id}',
    metric: 'GET /items/{id}',
    status: 404,
    operations: ['GetItem'],
  },
  { method: 'GET', path: () => 'items?limit=2', route: '/items', metric: 'GET /items', status: 200, operations: ['Scan'] },
  { method: 'GET', path: () => 'nowhere/at/all', route: 'unmatched', metric: 'unmatched', status: 404, operations: [] },
];

interface Sent {
  requestId: string;
  traceId: string;
  parentId: string | undefined;
  kind: Kind;
  status: number;
}

const traceId = () => `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

/** Sends `count` requests at once, each of a kind in turn, each with its own request id (and trace header, when `traced`). */
async function sendAtOnce(count: number, traced: boolean): Promise<Sent[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const kind = KINDS[i % KINDS.length]!;
      const requestId = `concurrent-${randomUUID()}`;
      const root = traceId();
      const parentId = randomBytes(8).toString('hex');
      const response = await fetch(`${server.url}${kind.path()}`, {
        method: kind.method,
        headers: {
          'x-request-id': requestId,
          ...(traced && { 'x-amzn-trace-id': `Root=${root};Parent=${parentId};Sampled=1` }),
          ...(kind.body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(kind.body !== undefined && { body: JSON.stringify(kind.body) }),
      });
      await response.arrayBuffer();
      return { requestId, traceId: root, parentId: traced ? parentId : undefined, kind, status: response.status };
    }),
  );
}

const logLines = () => logLinesOf(output);
const emf = () => emfDocumentsOf(output);

/** The segment the server sent for a trace, once it and every DynamoDB call of the request have arrived. */
async function segmentsOf(sent: Sent): Promise<{ segment: XraySegment; calls: XraySegment[] }> {
  const inTrace = () => daemon.segments().filter((document) => document.trace_id === sent.traceId);
  await expect.poll(() => inTrace().some((document) => document.type !== 'subsegment'), { timeout: 10_000 }).toBe(true);
  const segment = inTrace().find((document) => document.type !== 'subsegment')!;
  return { segment, calls: inTrace().filter((document) => document.type === 'subsegment') };
}

/** Every log line, EMF document and X-Ray document of the requests is theirs alone. */
async function expectEachRequestOwnsItsRecords(requests: Sent[]): Promise<void> {
  const byRequestId = new Map(requests.map((sent) => [sent.requestId, sent]));
  const byTraceId = new Map(requests.map((sent) => [sent.traceId, sent]));
  expect(requests.map((sent) => sent.status)).toEqual(requests.map((sent) => sent.kind.status));

  // Logs: one request line each, with its own route and trace; any other line naming one of them agrees.
  const lines = logLines();
  for (const sent of requests) {
    const own = lines.filter((line) => line.message === 'request' && line.requestId === sent.requestId);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      method: sent.kind.method,
      route: sent.kind.route,
      status: sent.kind.status,
      xray_trace_id: sent.traceId,
    });
  }
  for (const line of lines) {
    const named = byRequestId.get(line.requestId as string) ?? byTraceId.get(line.xray_trace_id as string);
    if (!named) continue;
    expect({ requestId: line.requestId, xray_trace_id: line.xray_trace_id }).toEqual({
      requestId: named.requestId,
      xray_trace_id: named.traceId,
    });
    if ('route' in line) expect(line.route).toBe(named.kind.route);
  }

  // EMF: each request's own document by its route, and its DynamoDB capacity under its own operations.
  const documents = emf();
  for (const sent of requests) {
    const own = documents.filter((document) => document.requestId === sent.requestId);
    const answered = own.filter((document) => 'Requests' in document);
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({ route: sent.kind.metric, xray_trace_id: sent.traceId, Requests: 1 });
    const capacity = own.filter((document) => 'ConsumedCapacity' in document);
    for (const document of capacity) {
      expect(sent.kind.operations).toContain(document.operation);
      expect(document.xray_trace_id).toBe(sent.traceId);
    }
    expect(capacity.length > 0).toBe(sent.kind.operations.length > 0);
  }
  for (const document of documents) {
    const named = byTraceId.get(document.xray_trace_id as string);
    if (named) expect(document.requestId).toBe(named.requestId);
  }

  // X-Ray: a segment per request annotated with its route, and its DynamoDB calls under it alone.
  for (const sent of requests) {
    const { segment, calls } = await segmentsOf(sent);
    expect(segment).toMatchObject({
      name: 'items-api',
      annotations: { route: sent.kind.route, status: sent.kind.status },
      http: { request: { method: sent.kind.method }, response: { status: sent.kind.status } },
    });
    if (sent.parentId) expect(segment.parent_id).toBe(sent.parentId);
    else expect(segment).not.toHaveProperty('parent_id');
    for (const call of calls) {
      expect(call).toMatchObject({ name: 'DynamoDB', parent_id: segment.id });
      expect(sent.kind.operations).toContain(call.aws?.operation);
    }
    expect(calls.length > 0).toBe(sent.kind.operations.length > 0);
  }
}

describe('concurrent requests to the Node server, traced and metered', () => {
  it('keep their own request id, route and trace in every log line, EMF document and X-Ray document (trace header from the client)', async () => {
    await expectEachRequestOwnsItsRecords(await sendAtOnce(40, true));
  });

  it('each get a trace of their own when the client sends no trace header', async () => {
    const sent = await sendAtOnce(20, false);
    // The server made each trace id: read them off the request lines, then hold them to the same rules.
    const lines = logLines().filter((line) => line.message === 'request');
    const traced = sent.map((request) => ({
      ...request,
      traceId: lines.find((line) => line.requestId === request.requestId)?.xray_trace_id as string,
    }));
    expect(traced.every((request) => /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(request.traceId))).toBe(true);
    expect(new Set(traced.map((request) => request.traceId)).size).toBe(traced.length);
    await expectEachRequestOwnsItsRecords(traced);
  });
});
