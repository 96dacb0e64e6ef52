import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { call, createItem, deleteItems, expectProblem, json, walkPages } from './api.js';

// Requests a well-behaved client never sends: each gets a clear 4xx problem, and nothing is stored.
const created = new Set<string>();
afterAll(() => deleteItems(created));
const marker = `hostile-${randomUUID()}`;

describe('bodies the API will not read', () => {
  it('refuses a body over 64 KiB with 413, before parsing it', async () => {
    const body = JSON.stringify({ name: marker, price: 1, description: 'x'.repeat(70 * 1024) });
    await expectProblem(await call('items', { method: 'POST', headers: json, body }), 413);
  });

  // An HTTP API hands the function a JSON (text) body as a string, not as base64: bytes that are not
  // UTF-8 are lost on the way (U+FFFD in the local stand-in), so the app cannot see, nor refuse, them.
  it.skipIf(inject('apiType') === 'http')('refuses a JSON body that is not valid UTF-8 with 400', async () => {
    const body = Buffer.concat([Buffer.from(`{"name":"${marker}`), Buffer.from([0xff, 0xfe]), Buffer.from('","price":1}')]);
    const problem = await expectProblem(await call('items', { method: 'POST', headers: json, body }), 400);
    expect(problem.detail).toMatch(/UTF-8/);
  });

  it('refuses a body whose Content-Type is present and not JSON with 415', async () => {
    const body = JSON.stringify({ name: marker, price: 1 });
    await expectProblem(await call('items', { method: 'POST', headers: { 'content-type': 'text/plain' }, body }), 415);
  });

  it('stored none of them', async () => {
    const { pages } = await walkPages('items?limit=1000');
    expect(pages.flat().filter((item) => item.name.startsWith(marker))).toEqual([]);
  });
});

describe('a body sent with no Content-Type', () => {
  // Bytes, not a string: fetch would label a string body `text/plain`.
  const untyped = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('is read as JSON, as FastAPI reads it: POST creates, PUT replaces', async () => {
    const posted = await call('items', { method: 'POST', body: untyped({ name: 'Untyped', price: 3 }) });
    expect(posted.status).toBe(201);
    const item = (await posted.json()) as { id: string };
    created.add(item.id);
    const put = await call(`items/${item.id}`, { method: 'PUT', body: untyped({ name: 'Untyped', price: 4 }) });
    expect(put.status).toBe(200);
    const read = await call(`items/${item.id}`);
    expect(await read.json()).toMatchObject({ id: item.id, name: 'Untyped', price: 4, version: 2 });
  });

  it('is refused as a JSON body would be: 422 for missing fields', async () => {
    await expectProblem(await call('items', { method: 'POST', body: untyped({ price: 3 }) }), 422);
  });
});

describe('methods a path does not take', () => {
  it.each([
    ['PATCH', 'items/00000000-0000-4000-8000-000000000000', 'DELETE, GET, HEAD, OPTIONS, PUT'],
    ['POST', 'items/00000000-0000-4000-8000-000000000000/', 'DELETE, GET, HEAD, OPTIONS, PUT'],
    ['DELETE', 'items', 'GET, HEAD, OPTIONS, POST'],
    ['PUT', 'items/', 'GET, HEAD, OPTIONS, POST'],
    ['POST', '', 'GET, HEAD, OPTIONS'],
    ['DELETE', 'openapi.json', 'GET, HEAD, OPTIONS'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const response = await call(path, { method, headers: json, body: '{}' });
    expect(response.headers.get('allow')).toBe(allow);
    await expectProblem(response, 405);
  });

  it('an unknown path stays 404 whatever the method, OPTIONS included', async () => {
    await expectProblem(await call('nothing-here', { method: 'PATCH' }), 404);
    await expectProblem(await call('nothing-here', { method: 'OPTIONS' }), 404);
  });
});

describe('response headers', () => {
  it('item responses are not for shared caches, carry the request id, and name no server technology', async () => {
    const item = await createItem({ name: 'Headers', price: 1 });
    created.add(item.id);
    for (const path of [`items/${item.id}`, 'items', 'items/00000000-0000-4000-8000-000000000000']) {
      const response = await call(path);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
      expect(response.headers.get('x-request-id')).toMatch(/\S/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    const echoed = await call(`items/${item.id}`, { headers: { 'x-request-id': 'client-chosen-id-1' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-chosen-id-1');
  });

  it('gives no CORS headers to an origin that is not allowed (none is, by default)', async () => {
    const response = await call('items', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
