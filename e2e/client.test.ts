import { ApiProblem, createApiClient, type RecordOf, type Versioned } from '@items-api/client';
import { afterAll, describe, expect, it } from 'vitest';
import { apiUrl, deleteItems } from './api.js';

// The typed client against the API under test (the Node server, and the built zips behind the runner).
const client = createApiClient({ baseUrl: apiUrl });
const items = client.resource('items');
const created = new Set<string>();
afterAll(() => deleteItems([...created]));

const track = <T extends { item: { id: string } }>(result: T): T => {
  created.add(result.item.id);
  return result;
};

describe('the typed client', () => {
  it('creates with an Idempotency-Key, and a retry after a lost answer makes no second item', async () => {
    let lost = 0;
    // The first answer is lost on its way back: the create happened, the client did not hear of it.
    const flaky = createApiClient({
      baseUrl: apiUrl,
      fetch: async (request) => {
        const response = await fetch(request);
        if (request.method === 'POST' && lost++ === 0) throw new TypeError('fetch failed');
        return response;
      },
    }).resource('items');
    const name = `client-retry-${crypto.randomUUID()}`;
    const result = track(await flaky.create({ name, price: 3 }));
    expect(result).toMatchObject({ replayed: true, item: { name, price: 3, version: 1 } });
    expect(result.etag).toBe('"1"');
    const found: RecordOf<'items'>[] = [];
    for await (const item of items.all({ limit: 100 })) if (item.name === name) found.push(item);
    expect(found).toEqual([result.item]);
  });

  it('reads with the ETag, and writes only at that version: a stale read is refused as a typed problem', async () => {
    const first = track(await items.create({ name: 'Client', price: 1 }));
    const read: Versioned<RecordOf<'items'>> = await items.get(first.item.id);
    expect(read).toEqual({ item: first.item, etag: '"1"' });
    const replaced = await items.replace(read, { name: 'Client', price: 2 });
    expect(replaced).toMatchObject({ item: { price: 2, version: 2 }, etag: '"2"' });
    const stale = await items.replace(read, { name: 'Client', price: 9 }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ApiProblem);
    expect(stale).toMatchObject({ status: 412, problem: { type: 'tag:items-api,2026:precondition-failed', status: 412 } });
    await expect(items.delete(read)).rejects.toMatchObject({ status: 412 });
    await items.delete(replaced);
    await expect(items.get(first.item.id)).rejects.toMatchObject({ status: 404, problem: { title: 'Item not found' } });
  });

  it('pages through every item once, following Link rel="next"', async () => {
    const marker = `client-pages-${crypto.randomUUID()}`;
    const mine = await Promise.all(Array.from({ length: 5 }, (_, i) => items.create({ name: `${marker} ${i}`, price: i })));
    for (const result of mine) track(result);
    const sizes: number[] = [];
    const seen: string[] = [];
    for await (const page of items.pages({ limit: 2 })) {
      sizes.push(page.length);
      seen.push(...page.filter((item) => item.name.startsWith(marker)).map((item) => item.id));
    }
    expect(sizes.every((size) => size <= 2 && size > 0)).toBe(true);
    expect(seen.sort()).toEqual(mine.map(({ item }) => item.id).sort());
  });

  it('surfaces a refused create as a problem with the failing fields, after a single attempt', async () => {
    let posts = 0;
    const counted = createApiClient({
      baseUrl: apiUrl,
      fetch: (request) => {
        posts += 1;
        return fetch(request);
      },
    }).resource('items');
    const problem = await counted.create({ name: '', price: -1 }).catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(ApiProblem);
    expect((problem as ApiProblem).problem.errors?.map((error) => error.path).sort()).toEqual(['name', 'price']);
    expect(posts).toBe(1);
  });
});
