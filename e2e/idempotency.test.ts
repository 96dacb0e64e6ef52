import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { call, deleteItems, expectProblem, type Item, json, walkPages } from './api.js';

// Retries of POST /items with an Idempotency-Key make one item, however many and however concurrent.
const created = new Set<string>();
afterAll(() => deleteItems(created));

function postWithKey(key: string, body: unknown): Promise<Response> {
  return call('items', { method: 'POST', headers: { ...json, 'idempotency-key': key }, body: JSON.stringify(body) });
}

async function itemsNamed(name: string): Promise<Item[]> {
  const { pages } = await walkPages('items?limit=1000');
  return pages.flat().filter((item) => item.name === name);
}

describe('Idempotency-Key on POST /items', () => {
  it('answers a retry with the first answer (same item, 201) and stores one item', async () => {
    const key = randomUUID();
    const name = `Once ${key}`;
    const first = await postWithKey(key, { name, price: 10 });
    expect(first.status).toBe(201);
    const item = (await first.json()) as Item;
    created.add(item.id);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const retry = await postWithKey(key, { item: { name, price: 10 } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(await retry.json()).toEqual(item);
    expect(await itemsNamed(name)).toHaveLength(1);
  });

  it('refuses the same key with other fields with 422, storing nothing more', async () => {
    const key = randomUUID();
    const name = `Reused ${key}`;
    const first = (await (await postWithKey(key, { name, price: 1 })).json()) as Item;
    created.add(first.id);
    const problem = await expectProblem(await postWithKey(key, { name, price: 2 }), 422);
    expect(problem.type).toBe('tag:items-api,2026:idempotency-key-reused');
    expect(await itemsNamed(name)).toHaveLength(1);
  });

  it('makes one item of 20 concurrent retries with one key', async () => {
    const key = randomUUID();
    const name = `Concurrent ${key}`;
    const responses = await Promise.all(Array.from({ length: 20 }, () => postWithKey(key, { name, price: 3 })));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (response) => ((await response.json()) as Item).id)));
    expect(ids.size).toBe(1);
    created.add([...ids][0]!);
    expect(await itemsNamed(name)).toHaveLength(1);
  });

  // (Non-ASCII keys are not tried here: on Lambda, Hono's adapter percent-encodes header values, so
  // `clé` arrives as the valid key `cl%C3%A9`; the Node server refuses it.)
  it('refuses a key that is too long or not visible ASCII with 400', async () => {
    for (const key of ['x'.repeat(256), 'with space']) {
      const response = await postWithKey(key, { name: 'Bad key', price: 1 });
      expect(response.status, key).toBe(400);
      const problem = await expectProblem(response, 400);
      expect(problem.errors).toContainEqual(expect.objectContaining({ in: 'header', path: 'idempotency-key' }));
    }
  });
});
