import { afterAll, describe, expect, it } from 'vitest';
import { call, createItem, deleteItems, expectProblem, type Item, json } from './api.js';

// No lost updates: every item has a version, sent as a strong ETag; writes with If-Match happen only
// at that version (checked by DynamoDB in the write), reads with If-None-Match answer 304.
const created = new Set<string>();
afterAll(() => deleteItems(created));

async function fresh(): Promise<Item> {
  const item = await createItem({ name: 'Versioned', price: 1 });
  created.add(item.id);
  return item;
}

function put(id: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(`items/${id}`, { method: 'PUT', headers: { ...json, ...headers }, body: JSON.stringify(body) });
}

async function expectPreconditionFailed(response: Response): Promise<void> {
  expect(await expectProblem(response, 412)).toMatchObject({ type: 'tag:items-api,2026:precondition-failed' });
}

describe('ETag and If-None-Match', () => {
  it('sends the version as a strong ETag on GET, and 304 without a body while it still matches', async () => {
    const item = await fresh();
    const read = await call(`items/${item.id}`);
    expect(read.headers.get('etag')).toBe('"1"');
    for (const tag of ['"1"', 'W/"1"', '"7", "1"', '*']) {
      const cached = await call(`items/${item.id}`, { headers: { 'if-none-match': tag } });
      expect(cached.status, tag).toBe(304);
      expect(cached.headers.get('etag')).toBe('"1"');
      expect(await cached.text()).toBe('');
    }
    const stale = await call(`items/${item.id}`, { headers: { 'if-none-match': '"2"' } });
    expect(stale.status).toBe(200);
  });
});

describe('If-Match on PUT and DELETE', () => {
  it('replaces at the current version and moves the ETag on', async () => {
    const item = await fresh();
    const response = await put(item.id, { name: 'Second', price: 2 }, { 'if-match': '"1"' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"2"');
    expect(await response.json()).toMatchObject({ name: 'Second', version: 2 });
  });

  it('refuses a stale, weak or unknown tag with 412 and changes nothing', async () => {
    const item = await fresh();
    await put(item.id, { name: 'Moved on', price: 3 });
    for (const tag of ['"1"', 'W/"2"', '"abc"', '"0"']) {
      await expectPreconditionFailed(await put(item.id, { name: 'Lost update', price: 4 }, { 'if-match': tag }));
      await expectPreconditionFailed(await call(`items/${item.id}`, { method: 'DELETE', headers: { 'if-match': tag } }));
    }
    expect(await (await call(`items/${item.id}`)).json()).toMatchObject({ name: 'Moved on', version: 2 });
  });

  it('takes * as "any version", and a list of tags as any of them', async () => {
    const item = await fresh();
    expect((await put(item.id, { name: 'Star', price: 5 }, { 'if-match': '*' })).status).toBe(200);
    expect((await put(item.id, { name: 'Listed', price: 6 }, { 'if-match': '"9", "2"' })).status).toBe(200);
    const removed = await call(`items/${item.id}`, { method: 'DELETE', headers: { 'if-match': '"3"' } });
    expect(removed.status).toBe(204);
    created.delete(item.id);
  });

  it('answers a GET whose If-Match does not hold with 412', async () => {
    const item = await fresh();
    await expectPreconditionFailed(await call(`items/${item.id}`, { headers: { 'if-match': '"2"' } }));
    expect((await call(`items/${item.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(200);
  });

  it('refuses If-None-Match on writes, and If-Match lists longer than 100 tags, with 400 and changes nothing', async () => {
    const item = await fresh();
    await expectProblem(await put(item.id, { name: 'Nope', price: 1 }, { 'if-none-match': '*' }), 400);
    await expectProblem(await call(`items/${item.id}`, { method: 'DELETE', headers: { 'if-none-match': '"1"' } }), 400);
    const manyTags = Array.from({ length: 101 }, (_, i) => `"${i + 1}"`).join(', ');
    await expectProblem(await put(item.id, { name: 'Nope', price: 1 }, { 'if-match': manyTags }), 400);
    expect(await (await call(`items/${item.id}`)).json()).toEqual(item);
  });

  it('keeps ids the API never issues a 404, with or without If-Match', async () => {
    expect((await put('not-a-uuid', { name: 'x', price: 1 }, { 'if-match': '"1"' })).status).toBe(404);
    expect((await call('items/not-a-uuid', { method: 'DELETE', headers: { 'if-match': '*' } })).status).toBe(404);
  });

  it('answers 412 for a conditional write on an absent item (RFC 9110), 404 without the condition', async () => {
    const absent = crypto.randomUUID();
    await expectPreconditionFailed(await put(absent, { name: 'Ghost', price: 1 }, { 'if-match': '*' }));
    expect((await put(absent, { name: 'Ghost', price: 1 })).status).toBe(404);
    expect((await call(`items/${absent}`)).status).toBe(404);
  });

  it('lets exactly one of 50 concurrent PUTs with the same If-Match win; the stored item is the winner', async () => {
    const item = await fresh();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => put(item.id, { name: `Writer ${i}`, price: i }, { 'if-match': '"1"' })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(49);
    const winner = (await responses[statuses.indexOf(200)]!.json()) as Item;
    expect(await (await call(`items/${item.id}`)).json()).toEqual(winner);
    expect(winner).toMatchObject({ version: 2 });
  });
});
