import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AttributeMap, fromAttributes } from '../dynamodb/attribute-values.js';
import { PRODUCTS, type Product, type ProductInput } from '../test-entities.js';
import { ConfigurationError, InvalidCursorError } from './errors.js';
import { lazyDynamoDbClient, lazyRecordStore } from './lazy-store.js';
import type { QueryOptions, SortCondition } from './record.js';
import { compareKeys } from './sort-range.js';

// Queries of a products table's indexes: 30 mugs at prices 100 to 1000, three at each price (so that
// exclusive bounds have records on them), a few plates, products with no category, and glyphs whose
// SKUs DynamoDB orders by their UTF-8 bytes.
const table = useRecordsTable('paged-query', 'products', PRODUCTS.indexes);
const queries: string[] = [];
const client = testDynamoDbClient({
  observeCall: ({ operation }) => {
    queries.push(operation);
    return () => undefined;
  },
});
const store = table.store(PRODUCTS, { client });

const mugs: ProductInput[] = Array.from({ length: 30 }, (_, i) => ({
  name: `Mug ${i}`,
  category: 'mugs',
  price: 100 * (1 + Math.floor(i / 3)),
  sku: `MUG-${String(i).padStart(2, '0')}`,
  notes: '',
}));
const plates: ProductInput[] = [300, 300, 700].map((price, i) => ({
  name: `Plate ${i}`,
  category: 'plates',
  price,
  sku: `PLT-${i}`,
  notes: '',
}));
const loose: ProductInput[] = [300, 800].map((price, i) => ({ name: `Loose ${i}`, price, sku: `LSE-${i}`, notes: '' }));
// U+E000 and U+FFFF come before U+1F600 in UTF-8, after it in UTF-16 (JavaScript's `<`).
const glyphs: ProductInput[] = ['B', '\uE000', '\u{1F600}'].map((sku, i) => ({
  name: `Glyph ${i}`,
  category: 'glyphs',
  price: 1,
  sku,
  notes: '',
}));
let stored: Product[] = [];

/**
 * Index reads are eventually consistent: on AWS a record just written may not be queryable yet. DynamoDB
 * Local updates indexes with the write; either way this waits, within a bound, for them to catch up.
 */
async function untilIndexed(options: QueryOptions, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await everyPage(options)).toHaveLength(count), { timeout: 10_000, interval: 100 });
}

/** Every record of a query, page after page, each page full but the last, none empty. */
async function everyPage(options: QueryOptions): Promise<Product[]> {
  const records: Product[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query({ ...options, cursor });
    if (page.nextCursor) expect(page.items).toHaveLength(options.limit);
    else if (cursor) expect(page.items.length).toBeGreaterThan(0);
    records.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

beforeAll(async () => {
  stored = [];
  for (const product of [...mugs, ...plates, ...loose, ...glyphs]) stored.push(await store.create(product));
  await untilIndexed({ index: 'byCategoryPrice', partition: 'mugs', limit: 100 }, mugs.length);
  await untilIndexed({ index: 'byCategorySku', partition: 'glyphs', limit: 100 }, glyphs.length);
  await untilIndexed({ index: 'byPrice', partition: 800, limit: 100 }, 1 + 3);
});

/** The stored records of `category` whose `field` meets `holds`, in the index's order. */
function expected(category: string, holds: (product: Product) => boolean, order: 'asc' | 'desc', field: 'price' | 'sku' = 'price') {
  const matching = stored.filter((product) => product.category === category && holds(product));
  return matching.sort((a, b) => compareKeys(a[field], b[field]) * (order === 'asc' ? 1 : -1));
}

/** Records with equal sort keys come in no promised order: compared as the sort keys in order, and the ids as a set. */
function expectSame(actual: Product[], wanted: Product[], field: 'price' | 'sku' = 'price') {
  expect(actual.map((product) => product[field])).toEqual(wanted.map((product) => product[field]));
  expect(new Set(actual.map(({ id }) => id)).size).toBe(actual.length);
  expect(actual.map(({ id }) => id).sort()).toEqual(wanted.map(({ id }) => id).sort());
}

const bounds: [string, SortCondition, (price: number) => boolean][] = [
  ['none', {}, () => true],
  ['gt', { gt: 300 }, (p) => p > 300],
  ['gte', { gte: 300 }, (p) => p >= 300],
  ['lt', { lt: 300 }, (p) => p < 300],
  ['lte', { lte: 300 }, (p) => p <= 300],
  ['gt and lt', { gt: 300, lt: 600 }, (p) => p > 300 && p < 600],
  ['gte and lt', { gte: 300, lt: 600 }, (p) => p >= 300 && p < 600],
  ['gt and lte', { gt: 300, lte: 600 }, (p) => p > 300 && p <= 600],
  ['gte and lte', { gte: 300, lte: 600 }, (p) => p >= 300 && p <= 600],
  ['gte and lte on one value', { gte: 500, lte: 500 }, (p) => p === 500],
  ['gt and lt next to each other', { gt: 500, lt: 600 }, () => false],
  ['bounds between records', { gt: 250, lt: 650 }, (p) => p > 250 && p < 650],
  ['crossed bounds', { gte: 600, lte: 500 }, () => false],
  ['gt and lt on one value', { gt: 500, lt: 500 }, () => false],
];

describe('query by a number sort key', () => {
  for (const order of ['asc', 'desc'] as const) {
    it.each(bounds)(`%s, ${order}, paged four at a time: every match once, in order`, async (_, sort, holds) => {
      const records = await everyPage({ index: 'byCategoryPrice', partition: 'mugs', sort, order, limit: 4 });
      expectSame(
        records,
        expected('mugs', (product) => holds(product.price), order),
      );
    });
  }

  it('reads one partition only: the plates at the same prices are not mugs', async () => {
    const { items } = await store.query({ index: 'byCategoryPrice', partition: 'plates', sort: { lte: 300 }, limit: 10 });
    expectSame(
      items,
      expected('plates', (product) => product.price <= 300, 'asc'),
    );
  });

  it('gives whole records, as the store reads them', async () => {
    const { items } = await store.query({ index: 'byCategoryPrice', partition: 'plates', sort: { gt: 300 }, limit: 10 });
    expect(items).toEqual([await store.get(items[0]!.id)]);
  });

  it('ends on a full page with no cursor when nothing follows, and its last page is never empty', async () => {
    // 9 mugs at 300 to 500: pages of 3, 3, 3, the last with no cursor.
    const options = { index: 'byCategoryPrice', partition: 'mugs', sort: { gte: 300, lte: 500 }, limit: 3 };
    const first = await store.query(options);
    const second = await store.query({ ...options, cursor: first.nextCursor });
    const third = await store.query({ ...options, cursor: second.nextCursor });
    expect([first.items.length, second.items.length, third.items.length]).toEqual([3, 3, 3]);
    expect(third.nextCursor).toBeUndefined();
  });
});

describe('query by a string sort key', () => {
  it.each(['asc', 'desc'] as const)('beginsWith, %s', async (order) => {
    const records = await everyPage({ index: 'byCategorySku', partition: 'mugs', sort: { beginsWith: 'MUG-1' }, order, limit: 3 });
    expectSame(
      records,
      expected('mugs', (product) => product.sku.startsWith('MUG-1'), order, 'sku'),
      'sku',
    );
    expect(records).toHaveLength(10);
  });

  it('orders and bounds strings by their UTF-8 bytes, as DynamoDB does', async () => {
    const ascending = await everyPage({ index: 'byCategorySku', partition: 'glyphs', limit: 1 });
    expect(ascending.map(({ sku }) => sku)).toEqual(['B', '\uE000', '\u{1F600}']);
    // Read from `> 'A'`, the upper bound held in code: U+1F600 is past U+FFFF, though JavaScript's `<` says otherwise.
    const bounded = await everyPage({ index: 'byCategorySku', partition: 'glyphs', sort: { gt: 'A', lt: '\uFFFF' }, limit: 1 });
    expect(bounded.map(({ sku }) => sku)).toEqual(['B', '\uE000']);
    const descending = await everyPage({ index: 'byCategorySku', partition: 'glyphs', sort: { gt: '\uE000' }, order: 'desc', limit: 5 });
    expect(descending.map(({ sku }) => sku)).toEqual(['\u{1F600}']);
  });
});

describe('an index with a number partition and no sort key', () => {
  it('finds every record with that value, whatever its category, and none other', async () => {
    const records = await everyPage({ index: 'byPrice', partition: 300, limit: 2 });
    expect(records.map(({ id }) => id).sort()).toEqual(
      stored
        .filter(({ price }) => price === 300)
        .map(({ id }) => id)
        .sort(),
    );
    expect(records).toHaveLength(3 + 2 + 1);
  });

  it('takes no sort condition', async () => {
    await expect(store.query({ index: 'byPrice', partition: 300, sort: { gt: 1 }, limit: 2 })).rejects.toThrow(RangeError);
  });
});

it('leaves records without the partition field out of the index (it is sparse)', async () => {
  const indexed: string[] = [];
  let startKey: AttributeMap | undefined;
  do {
    const page = await client.call<{ Items: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Scan', {
      TableName: table.name,
      IndexName: 'byCategoryPrice',
      ...(startKey && { ExclusiveStartKey: startKey }),
    });
    indexed.push(...page.Items.map((item) => String(fromAttributes(item).id)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const uncategorised = stored.filter(({ category }) => category === undefined).map(({ id }) => id);
  expect(uncategorised).toHaveLength(2);
  expect(indexed).toHaveLength(stored.length - 2);
  for (const id of uncategorised) expect(indexed).not.toContain(id);
});

describe('cursors', () => {
  const options: QueryOptions = { index: 'byCategoryPrice', partition: 'mugs', sort: { gte: 200, lt: 900 }, limit: 2 };
  let cursor: string;
  beforeAll(async () => {
    cursor = (await store.query(options)).nextCursor!;
  });

  it.each<[string, Partial<QueryOptions>]>([
    ['the other order', { order: 'desc' }],
    ['another partition', { partition: 'plates' }],
    ['another sort condition', { sort: { gte: 200, lte: 900 } }],
    ['no sort condition', { sort: undefined }],
    ['another index', { index: 'byCategorySku', sort: undefined }],
  ])('refuses a cursor sent with %s', async (_, change) => {
    await expect(store.query({ ...options, ...change, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('resumes with another page size: the limit is not part of the query', async () => {
    await expect(store.query({ ...options, limit: 5, cursor })).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it("refuses a scan's cursor, and a scan refuses a query's", async () => {
    const scanCursor = (await store.list({ limit: 1 })).nextCursor!;
    await expect(store.query({ ...options, cursor: scanCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.list({ limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('refuses a cursor of another entity with the same query', async () => {
    const other = table.store({ ...PRODUCTS, entity: 'Gadget' });
    await expect(other.query({ ...options, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it.each(['', 'not a cursor', Buffer.from('{"q":"x","id":"y"}').toString('base64url')])('refuses %j', async (forged) => {
    await expect(store.query({ ...options, cursor: forged })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('refusals before any call', () => {
  it('refuses an index the entity does not declare, naming it', async () => {
    const query = store.query({ index: 'byColour', partition: 'red', limit: 5 });
    await expect(query).rejects.toBeInstanceOf(ConfigurationError);
    await expect(query).rejects.toThrow(/Product declares no index "byColour"/);
  });

  it.each<[string, Partial<QueryOptions>, ErrorConstructor]>([
    ['two lower bounds', { sort: { gt: 1, gte: 2 } }, RangeError],
    ['two upper bounds', { sort: { lt: 1, lte: 2 } }, RangeError],
    ['beginsWith with a bound', { index: 'byCategorySku', sort: { beginsWith: 'M', lt: 'N' } }, RangeError],
    ['beginsWith on a number key', { sort: { beginsWith: '1' } }, TypeError],
    ['an empty beginsWith', { index: 'byCategorySku', sort: { beginsWith: '' } }, RangeError],
    ['a string bound on a number key', { sort: { gt: '100' } }, TypeError],
    ['a number bound on a string key', { index: 'byCategorySku', sort: { gt: 100 } }, TypeError],
    ['a number bound DynamoDB cannot store', { sort: { lt: Number.POSITIVE_INFINITY } }, RangeError],
    ['an unknown operator', { sort: { ne: 1 } as SortCondition }, RangeError],
    ['a number partition on a string key', { partition: 5 }, TypeError],
    ['an empty partition', { partition: '' }, RangeError],
    ['a limit of 0', { limit: 0 }, RangeError],
  ])('refuses %s', async (_, change, type) => {
    const before = queries.length;
    await expect(store.query({ index: 'byCategoryPrice', partition: 'mugs', limit: 5, ...change })).rejects.toBeInstanceOf(type);
    expect(queries.length).toBe(before);
  });
});

describe('pages larger than DynamoDB answers at once', () => {
  // 20 products of 150 KB: DynamoDB stops each Query answer at 1 MB, some 6 records.
  const notes = 'x'.repeat(150_000);
  beforeAll(async () => {
    for (let i = 0; i < 20; i++) await store.create({ name: `Crate ${i}`, category: 'crates', price: i, sku: `CRT-${i}`, notes });
    await vi.waitFor(async () => expect((await store.query({ index: 'byPrice', partition: 19, limit: 5 })).items).toHaveLength(1));
  });

  it('fills each page across several of them, in order, each record once', async () => {
    const before = queries.length;
    const records = await everyPage({ index: 'byCategoryPrice', partition: 'crates', order: 'desc', limit: 8 });
    expect(records.map(({ price }) => price)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
    // Three pages (8, 8, 4), which DynamoDB's 1 MB could not answer in three calls.
    expect(queries.length - before).toBeGreaterThan(3);
  });
});

describe('the lazily made store', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('queries as the store it makes', async () => {
    process.env.PRODUCTS_TABLE_NAME = table.name;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
    const lazy = lazyRecordStore(PRODUCTS, { client: lazyDynamoDbClient(), tableVariable: 'PRODUCTS_TABLE_NAME' });
    const { items } = await lazy.query({ index: 'byCategoryPrice', partition: 'plates', sort: { gte: 700 }, limit: 5 });
    expect(items.map(({ name }) => name)).toEqual(['Plate 2']);
  });
});
