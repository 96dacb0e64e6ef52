import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createItem, deleteItems, expectProblem, type Item, walkPages } from './api.js';

// GET /items?category=… queries the index byCategory (partition category, sort price), over HTTP on
// whichever server runs. A category of this run's own keeps other tests' items out of the partition.

const category = `e2e-${randomUUID()}`;
const PRICES = [700, 100, 2000, 250, 1500];
const created = new Set<string>();
afterAll(() => deleteItems(created));

/** Reads of an index are eventually consistent (at once locally, a moment later on AWS): wait, with a bound. */
async function untilListed(path: string, count: number): Promise<Item[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { pages } = await walkPages(path);
    if (pages.flat().length === count) return pages.flat();
    if (Date.now() > deadline) throw new Error(`${path} listed ${pages.flat().length} items, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  for (const [i, price] of PRICES.entries()) created.add((await createItem({ name: `Queried ${i}`, price, category })).id);
  await untilListed(`items?category=${category}`, PRICES.length);
});

const prices = (items: Item[]) => items.map(({ price }) => price);

describe('GET /items with a query', () => {
  it('lists one category by price, within a range, either way, across pages', async () => {
    expect(prices(await untilListed(`items?category=${category}`, 5))).toEqual([100, 250, 700, 1500, 2000]);
    const { pages, urls } = await walkPages(`items?category=${category}&price[gte]=250&price[lt]=2000&order=desc&limit=2`);
    expect(pages.map(prices)).toEqual([[1500, 700], [250]]);
    // The next page is the same query, continued.
    const next = new URL(urls[1]!).searchParams;
    expect([next.get('category'), next.get('price[gte]'), next.get('price[lt]'), next.get('order')]).toEqual([
      category,
      '250',
      '2000',
      'desc',
    ]);
  });

  it.each([
    ['name=Cup', 'name'],
    ['price[lt]=2000', 'price[lt]'],
    [`category=${category}&price[lt]=cheap`, 'price[lt]'],
    [`category=${category}&price[near]=3`, 'price[near]'],
    [`category=${category}&price[gt]=1&price[gte]=2`, 'price[gte]'],
    ['order=desc', 'order'],
  ])('refuses %s with a problem naming %s and what can be queried', async (query, parameter) => {
    const problem = await expectProblem(await call(`items?${query}`), 400);
    expect(problem.type).toBe('tag:items-api,2026:invalid-query');
    expect((problem.errors as { in: string; path: string }[]).map(({ in: where, path }) => [where, path])).toContainEqual([
      'query',
      parameter,
    ]);
    expect(problem.detail).toMatch(/category=… \(string; index byCategory\)/);
  });
});
