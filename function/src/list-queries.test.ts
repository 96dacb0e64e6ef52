import { randomUUID } from 'node:crypto';
import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { itemsTable } from './resources/index.js';

// GET /items with a query on the declared index byCategory (partition category, sort price), on
// DynamoDB Local through the whole app; and every refusal, made before DynamoDB is asked anything.

const table = useRecordsTable('list-queries', itemsTable.name, itemsTable.declaration.indexes);
/** Every DynamoDB call the app makes, by operation. */
const calls: string[] = [];
const client = testDynamoDbClient({
  observeCall: ({ operation }) => {
    calls.push(operation);
    return () => {};
  },
});
const app = createApp({ stores: { items: table.store(itemsTable.declaration, { client }) } });

type Item = { id: string; name: string; price: number; category?: string };

async function get(path: string) {
  const response = await app.request(path);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    link: response.headers.get('link'),
    body: await response.json(),
  };
}

/** Reads of an index are eventually consistent on AWS: waits, with a bound, until the query sees what it should. */
async function untilListed(path: string, count: number): Promise<Item[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { status, body } = await get(path);
    if (status === 200 && body.length === count) return body;
    if (Date.now() > deadline) throw new Error(`${path} answered ${status} with ${JSON.stringify(body)}, not ${count} items`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Unique categories: the table is this file's, but the names make each test's partition obvious.
const mugs = `mugs-${randomUUID().slice(0, 8)}`;
const PRICES = [100, 250, 250, 900, 2000, 3500];
let stored: Item[];

beforeAll(async () => {
  stored = [];
  for (const [i, price] of PRICES.entries()) {
    const response = await app.request('/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Mug ${i}`, price, category: mugs }),
    });
    stored.push((await response.json()) as Item);
  }
  // Another category, and an item with none: neither is in this partition.
  for (const body of [
    { name: 'Plate', price: 300, category: `plates-${mugs}` },
    { name: 'Loose', price: 300 },
  ]) {
    await app.request('/items', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
  await untilListed(`/items?category=${mugs}`, PRICES.length);
});

const prices = (items: Item[]) => items.map(({ price }) => price);

describe('a query on an index', () => {
  it('lists one category, by price ascending', async () => {
    const items = await untilListed(`/items?category=${mugs}`, 6);
    expect(prices(items)).toEqual(PRICES);
    expect(items.every(({ category }) => category === mugs)).toBe(true);
  });

  it.each([
    ['price[gt]=250', [900, 2000, 3500]],
    ['price[gte]=250', [250, 250, 900, 2000, 3500]],
    ['price[lt]=250', [100]],
    ['price[lte]=250', [100, 250, 250]],
    ['price[gte]=100&price[lt]=2000', [100, 250, 250, 900]],
    ['price[gt]=100&price[lte]=2000', [250, 250, 900, 2000]],
    ['price[gte]=2.5e2&price[lte]=900', [250, 250, 900]],
    ['price[gt]=3500', []],
    ['price[gt]=900&price[lt]=250', []],
  ])('takes %s', async (condition, expected) => {
    const { status, body } = await get(`/items?category=${mugs}&${condition}`);
    expect(status).toBe(200);
    expect(prices(body)).toEqual(expected);
  });

  it('orders descending with order=desc, within a range', async () => {
    expect(prices((await get(`/items?category=${mugs}&order=desc`)).body)).toEqual([...PRICES].reverse());
    expect(prices((await get(`/items?category=${mugs}&price[lt]=2000&order=desc`)).body)).toEqual([900, 250, 250, 100]);
    expect(prices((await get(`/items?category=${mugs}&order=asc`)).body)).toEqual(PRICES);
  });

  it('pages with limit and a Link that carries the query, every match once and in order', async () => {
    const seen: Item[] = [];
    const links: string[] = [];
    let next: string | undefined = `/items?category=${mugs}&price%5Bgte%5D=250&order=desc&limit=2`;
    while (next) {
      const page = await get(next);
      expect(page.status).toBe(200);
      expect(page.body.length).toBeGreaterThan(0);
      seen.push(...page.body);
      const target = /<([^>]*)>;\s*rel="next"/.exec(page.link ?? '')?.[1];
      if (target) links.push(target);
      next = target === undefined ? undefined : `/items${target}`;
    }
    expect(prices(seen)).toEqual([3500, 2000, 900, 250, 250]);
    expect(new Set(seen.map(({ id }) => id)).size).toBe(5);
    expect(links).toHaveLength(2);
    for (const link of links) {
      const search = new URLSearchParams(link.slice(1));
      expect(Object.fromEntries(search)).toEqual({
        limit: '2',
        category: mugs,
        'price[gte]': '250',
        order: 'desc',
        cursor: expect.any(String),
      });
    }
  });

  it('with no filter, is the scan it was: every item, the one without a category too', async () => {
    const { status, body } = await get('/items?limit=1000');
    expect(status).toBe(200);
    expect(body.map(({ name }: Item) => name).sort()).toEqual(['Loose', 'Mug 0', 'Mug 1', 'Mug 2', 'Mug 3', 'Mug 4', 'Mug 5', 'Plate']);
  });

  it('takes any number literal that reads back as itself, the largest safe integer and trailing zeros included', async () => {
    expect(prices((await get(`/items?category=${mugs}&price[gt]=9007199254740991`)).body)).toEqual([]);
    expect(prices((await get(`/items?category=${mugs}&price[lt]=2.50e2`)).body)).toEqual([100]);
    expect(prices((await get(`/items?category=${mugs}&price[gte]=-0&price[lte]=1E2`)).body)).toEqual([100]);
  });

  it('ignores a parameter that names no field and has no condition’s shape, as before queries existed', async () => {
    const plain = await get('/items?limit=1000');
    const busted = await get('/items?limit=1000&_=1700000000&foo=bar');
    expect(busted.status).toBe(200);
    expect(busted.body).toEqual(plain.body);
    const mugsOnly = await get(`/items?category=${mugs}&foo=bar`);
    expect(mugsOnly.body).toEqual((await get(`/items?category=${mugs}`)).body);
  });

  it('refuses a cursor of one query sent with another, and a scan cursor sent with a query', async () => {
    const first = await get(`/items?category=${mugs}&limit=2`);
    const cursor = new URLSearchParams(/<\?([^>]*)>/.exec(first.link!)![1]).get('cursor')!;
    for (const other of [`category=${mugs}&order=desc`, `category=${mugs}&price[gt]=1`, `category=plates-${mugs}`, '']) {
      const refused = await get(`/items?${other}&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(refused.status, other).toBe(400);
      expect(refused.type).toBe('application/problem+json');
    }
    const scan = await get('/items?limit=1');
    const scanCursor = new URLSearchParams(/<\?([^>]*)>/.exec(scan.link!)![1]).get('cursor')!;
    expect((await get(`/items?category=${mugs}&cursor=${encodeURIComponent(scanCursor)}`)).status).toBe(400);
  });
});

describe('a refused query: 400, problem+json naming the parameter and what can be queried, and nothing read', () => {
  it.each([
    ['name=Cup', 'name', /no index .* covers name/],
    ['color[gt]=red', 'color[gt]', /not a parameter/],
    ['version=2', 'version', /no index .* covers version/],
    ['price[gt]=100', 'price[gt]', /needs an index's partition field \(category\)/],
    ['price[gt]=100&price[lte]=3', 'price[gt]', /needs/],
    [`category=${mugs}&name=Cup`, 'name', /no index/],
    [`category=${mugs}&price[lt]=cheap`, 'price[lt]', /JSON number literal/],
    [`category=${mugs}&price[lt]=0x10`, 'price[lt]', /JSON number literal/],
    [`category=${mugs}&price[lt]=`, 'price[lt]', /JSON number literal/],
    [`category=${mugs}&price[lt]=1e400`, 'price[lt]', /beyond/],
    [`category=${mugs}&price[lt]=1e-200`, 'price[lt]', /too close to 0/],
    [`category=${mugs}&price[near]=3`, 'price[near]', /unknown operator near/],
    [`category=${mugs}&price=5`, 'price', /sort field of index byCategory: give conditions \(price\[gt\]/],
    [`category[gt]=a`, 'category[gt]', /category is a partition field: give it as category=<value>/],
    [`category=${mugs}&price[lt]=1e20`, 'price[lt]', /beyond the numbers stored/],
    [`category=${mugs}&price[lt]=1e-400`, 'price[lt]', /cannot be read exactly as a number/],
    [`category=${mugs}&price[gt]=0.99999999999999999`, 'price[gt]', /cannot be read exactly as a number/],
    [`category=${mugs}&price[beginsWith]=1`, 'price[beginsWith]', /beginsWith takes a string field/],
    [`category=${mugs}&price[gt]=1&price[gte]=2`, 'price[gte]', /both lower bounds/],
    [`category=${mugs}&price[lt]=1&price[lte]=2`, 'price[lte]', /both upper bounds/],
    [`category=${mugs}&price[lt]=1&price[lt]=2`, 'price[lt]', /given once/],
    [`category=${mugs}&category=cups`, 'category', /given once/],
    ['category=', 'category', /cannot be empty/],
    ['order=desc', 'order', /needs an index's partition field/],
    [`category=${mugs}&order=down`, 'order', /asc or desc/],
  ])('%s', async (query, parameter, message) => {
    calls.length = 0;
    const refused = await get(`/items?${query}`);
    expect(refused.status).toBe(400);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.type).toBe('tag:items-api,2026:invalid-query');
    expect(refused.body.errors).toContainEqual({ in: 'query', path: parameter, message: expect.stringMatching(message) });
    expect(refused.body.detail).toContain('can be queried by category=… (string; index byCategory), with price[gt], price[gte]');
    expect(calls).toEqual([]);
  });

  it('documents each parameter, typed, on the list operation', async () => {
    const { body } = await get('/openapi.json');
    const parameters = body.paths['/items'].get.parameters as {
      name: string;
      in: string;
      schema: { type?: string };
      description?: string;
    }[];
    const typed = Object.fromEntries(parameters.map(({ name, schema }) => [name, schema.type]));
    expect(typed).toMatchObject({
      limit: 'integer',
      cursor: 'string',
      category: 'string',
      'price[gt]': 'number',
      'price[gte]': 'number',
      'price[lt]': 'number',
      'price[lte]': 'number',
    });
    expect(parameters.find(({ name }) => name === 'order')?.schema).toMatchObject({ enum: ['asc', 'desc'] });
    expect(parameters.map(({ name }) => name)).not.toContain('price[beginsWith]');
    for (const parameter of parameters) expect(parameter.description, parameter.name).toBeTruthy();
  });
});
