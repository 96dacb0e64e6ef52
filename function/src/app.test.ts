import { randomUUID } from 'node:crypto';
import { createDynamoDbClient, DynamoDbRecordStore } from '@items-api/dynamodb-records';
import { TEST_CREDENTIALS, TEST_REGION } from '@items-api/test-support/dynamodb';
import { useItemsTable } from '@items-api/test-support/items-table';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from './app.js';
import { itemsTable } from './resources/index.js';

const table = useItemsTable('app');

function storeAt(endpoint: string, tableName: string) {
  return new DynamoDbRecordStore(itemsTable.declaration, {
    client: createDynamoDbClient({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS }),
    tableName,
  });
}

/** Captures the JSON log lines the app writes to stderr. */
function captureLogs(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
    return true;
  });
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('store failures over HTTP', () => {
  it('an unreachable DynamoDB is 503 with Retry-After, no AWS detail, and a log line with the request id', async () => {
    const logs = captureLogs();
    const app = createApp({ stores: { items: storeAt('http://127.0.0.1:9', table.name) } });
    const response = await app.request(`/items/${randomUUID()}`, { headers: { 'x-request-id': 'req-503' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: 503, requestId: 'req-503' });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack|at /);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'WARN', requestId: 'req-503' }));
  });

  it('a DynamoDB error is 500, never 404, with no AWS detail in the body, logged with the request id', async () => {
    const logs = captureLogs();
    const app = createApp({ stores: { items: storeAt(table.endpoint, 'table-that-does-not-exist') } });
    const body = JSON.stringify({ name: 'x', price: 1 });
    for (const [method, path] of [
      ['GET', `/items/${randomUUID()}`],
      ['PUT', `/items/${randomUUID()}`],
      ['DELETE', `/items/${randomUUID()}`],
      ['POST', '/items'],
      ['GET', '/items'],
    ] as const) {
      const response = await app.request(path, {
        method,
        headers: { 'x-request-id': `req-${method}`, 'content-type': 'application/json' },
        ...((method === 'PUT' || method === 'POST') && { body }),
      });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: 'The request failed on the server.',
        requestId: `req-${method}`,
      });
      expect(text).not.toMatch(/ResourceNotFound|non-existent table/);
    }
    const errors = logs.filter((line) => line.level === 'ERROR');
    expect(errors.map((line) => line.requestId)).toEqual(['req-GET', 'req-PUT', 'req-DELETE', 'req-POST', 'req-GET']);
    expect(JSON.stringify(errors[0])).toMatch(/ResourceNotFoundException/);
  });
});

describe('refused requests', () => {
  const refusedTable = useItemsTable('refused');

  it('leave no trace in the table', async () => {
    const store = refusedTable.store();
    const app = createApp({ stores: { items: store } });
    const kept = await store.create({ name: 'Kept', price: 1, description: '' });
    const bodies = [
      '{}',
      '{"price": 1}',
      '{"name": "x"}',
      '{"name": 7, "price": 1}',
      '{"name": "x", "price": -1}',
      '{"name": "x", "price": 9007199254740992}',
      `{"name": "${'n'.repeat(201)}", "price": 1}`,
      '{"item": {"name": "x"}}',
      '[{"name": "x", "price": 1}]',
      '"x"',
      '{"name": "x",',
    ];
    const statuses = new Set<number>();
    for (const body of bodies) {
      for (const [method, path] of [
        ['POST', '/items'],
        ['PUT', `/items/${kept.id}`],
      ] as const) {
        const response = await app.request(path, { method, headers: { 'content-type': 'application/json' }, body });
        statuses.add(response.status);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
      }
      const wrongType = await app.request('/items', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
      expect(wrongType.status).toBe(415);
    }
    expect([...statuses].sort()).toEqual([400, 422]);
    expect((await store.list({ limit: 100 })).items).toEqual([kept]);
  });
});

describe('paths with a repeated trailing slash', () => {
  const slashTable = useItemsTable('slashes');

  it("are 404 and write nothing, as Hono's default router had them; one trailing slash is still served", async () => {
    const store = slashTable.store();
    const app = createApp({ stores: { items: store } });
    const kept = await store.create({ name: 'Kept', price: 1, description: '' });
    const json = { 'content-type': 'application/json' };
    for (const [method, path] of [
      ['GET', '/items//'],
      ['POST', '/items//'],
      ['GET', `/items/${kept.id}//`],
      ['HEAD', `/items/${kept.id}//`],
      ['PUT', `/items/${kept.id}//`],
      ['DELETE', `/items/${kept.id}//`],
      ['GET', `/items/${kept.id}/history//`],
      ['GET', '/docs//'],
    ] as const) {
      const body = method === 'POST' || method === 'PUT' ? JSON.stringify({ name: 'Via //', price: 2 }) : null;
      const response = await app.request(path, { method, headers: json, body });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await store.list({ limit: 100 })).items).toEqual([kept]);
    expect((await app.request('/items/')).status).toBe(200);
    expect((await app.request(`/items/${kept.id}/`)).status).toBe(200);
    expect((await app.request('//')).status).toBe(200);
  });
});

describe('bodies without a Content-Type', () => {
  const untypedTable = useItemsTable('untyped');
  // Bytes, not a string: `Request` itself would add `text/plain` to a string body.
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('are read as JSON: POST creates, PUT replaces, as FastAPI reads them', async () => {
    const store = untypedTable.store();
    const app = createApp({ stores: { items: store } });
    const created = await app.request('/items', { method: 'POST', body: bytes('{"name":"Untyped","price":5}') });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string };
    expect(await store.get(item.id)).toMatchObject({ name: 'Untyped', price: 5, version: 1 });

    const replaced = await app.request(`/items/${item.id}`, { method: 'PUT', body: bytes('{"name":"Untyped","price":6}') });
    expect(replaced.status).toBe(200);
    expect(await store.get(item.id)).toMatchObject({ name: 'Untyped', price: 6, version: 2 });
  });

  it('get the answers a JSON body gets (400, 422), never 415; a type that is not JSON stays 415', async () => {
    const store = untypedTable.store();
    const app = createApp({ stores: { items: store } });
    const before = (await store.list({ limit: 100 })).items;
    const cases: [Uint8Array<ArrayBuffer>, number][] = [
      [bytes('{"name": "x",'), 400],
      [new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), 400],
      [bytes('[1]'), 400],
      [bytes('{"price": 1}'), 422],
      [new Uint8Array(0), 422],
    ];
    for (const [body, status] of cases) {
      const response = await app.request('/items', { method: 'POST', body });
      expect(response.status, new TextDecoder().decode(body)).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const plain = await app.request('/items', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: bytes('{"name":"Plain","price":1}'),
    });
    expect(plain.status).toBe(415);
    expect((await store.list({ limit: 100 })).items).toEqual(before);
  });
});

describe('request ids', () => {
  it('echoes a client X-Request-Id, or makes one, on every answer', async () => {
    const app = createApp({ stores: { items: table.store() } });
    expect((await app.request('/', { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    expect((await app.request('/')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await app.request('/nope');
    expect(((await problem.json()) as { requestId: string }).requestId).toBe(problem.headers.get('x-request-id'));
  });

  it("uses the entry point's id maker, e.g. the Lambda invocation id", async () => {
    const app = createApp({ stores: { items: table.store() }, newRequestId: () => 'from-entry-point' });
    expect((await app.request('/')).headers.get('x-request-id')).toBe('from-entry-point');
  });
});
