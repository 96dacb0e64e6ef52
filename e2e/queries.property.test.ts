import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createItem, deleteItems, type Item, walkPages } from './api.js';

// Queries over HTTP against the same filter and sort done in memory: random items, random queries
// (`GET /items?category=…&price[gt|gte|lt|lte]=…&order=…&limit=…`), every `rel="next"` followed to the end.
// The categories carry a prefix of this run's own, so that other tests' items in the shared table
// (and other runs', against a deployed stage) are never in what is queried.

type Queried = Item & { category?: string };

const RUN = `qp-${randomUUID().slice(0, 8)}`;
const CATEGORIES = [`${RUN}-a`, `${RUN}-b`, `${RUN}-c`];
// A category no item has: its queries must come back empty.
const EMPTY_CATEGORY = `${RUN}-none`;
const ITEM_COUNT = 320;
// Prices from a narrow range, so that many items share one (ties are where a cursor goes wrong), and
// the two ends of what the API takes.
const PRICE = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, Number.MAX_SAFE_INTEGER) },
);
const BOUND = fc.oneof(
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 42 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, Number.MAX_SAFE_INTEGER) },
);
// Reads from an index are eventually consistent: how long the created items may take to show.
const VISIBLE_WITHIN_MS = 30_000;

const created: Queried[] = [];
// The items are drawn once (creating them per run would take minutes); the seed says which, on a failure.
const itemsSeed = Date.now() ^ (Math.random() * 2 ** 31);

beforeAll(async () => {
  const inputs = fc.sample(fc.record({ category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined, freq: 6 }), price: PRICE }), {
    numRuns: ITEM_COUNT,
    seed: itemsSeed,
  });
  // A few at a time: the local runner and DynamoDB Local share two cores with the rest of the suite.
  for (let start = 0; start < inputs.length; start += 10) {
    const batch = inputs
      .slice(start, start + 10)
      .map(({ category, price }, i) => createItem({ name: `${RUN} ${start + i}`, price, ...(category !== undefined && { category }) }));
    created.push(...((await Promise.all(batch)) as Queried[]));
  }
  await waitUntilQueriesSeeAll();
}, 120_000);

afterAll(() => deleteItems(created.map(({ id }) => id)));

interface Query {
  category: string;
  lower?: { op: 'gt' | 'gte'; value: number } | undefined;
  upper?: { op: 'lt' | 'lte'; value: number } | undefined;
  order?: 'asc' | 'desc' | undefined;
  limit: number;
}

const QUERY: fc.Arbitrary<Query> = fc.record({
  category: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...CATEGORIES) }, { weight: 1, arbitrary: fc.constant(EMPTY_CATEGORY) }),
  lower: fc.option(fc.record({ op: fc.constantFrom('gt' as const, 'gte' as const), value: BOUND }), { nil: undefined }),
  upper: fc.option(fc.record({ op: fc.constantFrom('lt' as const, 'lte' as const), value: BOUND }), { nil: undefined }),
  order: fc.option(fc.constantFrom('asc' as const, 'desc' as const), { nil: undefined }),
  limit: fc.integer({ min: 1, max: 12 }),
});

function pathOf({ category, lower, upper, order, limit }: Query): string {
  // Brackets written as they are: the contract's parameter names are `price[gte]` and the like.
  const parts = [`category=${encodeURIComponent(category)}`, `limit=${limit}`];
  if (lower) parts.push(`price[${lower.op}]=${lower.value}`);
  if (upper) parts.push(`price[${upper.op}]=${upper.value}`);
  if (order) parts.push(`order=${order}`);
  return `items?${parts.join('&')}`;
}

/** The same filter and sort, in memory, on what was created. */
function expected({ category, lower, upper, order }: Query): Queried[] {
  const holds = (price: number): boolean =>
    (!lower || (lower.op === 'gt' ? price > lower.value : price >= lower.value)) &&
    (!upper || (upper.op === 'lt' ? price < upper.value : price <= upper.value));
  const matches = created.filter((item) => item.category === category && holds(item.price));
  return matches.sort((a, b) => (order === 'desc' ? b.price - a.price : a.price - b.price));
}

/** Polls every category's query until it lists all that was created in it; bounded, never a blind sleep. */
async function waitUntilQueriesSeeAll(): Promise<void> {
  const deadline = Date.now() + VISIBLE_WITHIN_MS;
  for (const category of CATEGORIES) {
    const want = created.filter((item) => item.category === category).length;
    for (;;) {
      const { pages } = await walkPages(`items?category=${encodeURIComponent(category)}&limit=1000`);
      const seen = pages.flat().length;
      if (seen >= want) break;
      if (Date.now() > deadline) throw new Error(`${category}: the query lists ${seen} of ${want} items after ${VISIBLE_WITHIN_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('GET /items?category=…&price[…]=…: a query of byCategory', () => {
  it('created items of this run: at least 300, some without a category, prices shared', () => {
    expect(created.length).toBeGreaterThanOrEqual(300);
    expect(created.some((item) => item.category === undefined)).toBe(true);
    expect(new Set(created.map((item) => item.price)).size).toBeLessThan(created.length);
  });

  it('lists every match exactly once, in price order (ties in any order), and nothing else, across every page', async () => {
    await fc.assert(
      fc.asyncProperty(QUERY, async (query) => {
        const path = pathOf(query);
        const context = `${path} (items seed ${itemsSeed})`;
        const { pages } = await walkPages(path);
        const want = expected(query);
        const got = pages.flat() as Queried[];
        // Each page within the limit, and a next link never leads to an empty page.
        for (const page of pages) expect(page.length, context).toBeLessThanOrEqual(query.limit);
        for (const page of pages.slice(1)) expect(page.length, context).toBeGreaterThan(0);
        // Each match exactly once, and nothing else…
        expect(new Set(got.map(({ id }) => id)).size, context).toBe(got.length);
        expect(new Set(got.map(({ id }) => id)), context).toEqual(new Set(want.map(({ id }) => id)));
        // …as created, in order: the prices' sequence is the sorted one, so items of one price may come in any order.
        expect(
          got.map(({ price }) => price),
          context,
        ).toEqual(want.map(({ price }) => price));
        const byId = new Map(created.map((item) => [item.id, item]));
        for (const item of got) expect(item, context).toEqual(byId.get(item.id));
      }),
      { numRuns: 120 },
    );
  }, 90_000);
});
