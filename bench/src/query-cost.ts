import {
  createDynamoDbClient,
  type DynamoDbClient,
  DynamoDbRecordStore,
  environmentCredentials,
  type SortCondition,
} from '@items-api/dynamodb-records';
import { itemsTable } from '@items-api/function/resources';
import type { SetupClients } from './bench-tables.js';
import { seededTable } from './bench-tables.js';

/** What one page of 100 matches cost, one way of reading it, on one table. */
export interface QueryCostRow {
  way: 'query' | 'scan';
  tableItems: number;
  /** Read capacity units DynamoDB reported for the page, all its calls summed (the same every run). */
  capacityPerPage: number;
  /** DynamoDB calls made for the page. */
  callsPerPage: number;
  /** Items DynamoDB read for the page (`ScannedCount`, summed): what the capacity pays for. */
  itemsRead: number;
  /** Matches the page got (100 unless the table ran out). */
  matches: number;
  /** Wall time of each run, in ms. */
  pageMs: number[];
}

/** The queried filter: one category, a price range, as `GET /items?category=kitchen&price[gte]=1000&price[lt]=10000` asks. */
export const QUERY_FILTER = { category: 'kitchen', price: { gte: 1_000, lt: 10_000 } } as const;
const PAGE = 100;

/**
 * One page of 100 items of one category in a price range, on tables of each size seeded with the
 * samples `npm run seed` makes (a fixed seed, so every run holds the same items): read by the store's
 * Query on `byCategory`, and by a Scan with the same filter, as a store without the index would have to.
 * The query should cost the same whatever the table holds; the scan pays for every item it reads.
 */
export async function measureQueryCost(
  clients: SetupClients,
  endpoint: string,
  region: string,
  sizes: number[],
  runs: number,
): Promise<QueryCostRow[]> {
  const counted = countingClient(endpoint, region);
  const tables = [];
  for (const size of sizes) {
    const random = seededRandom(size);
    const { tableName } = await seededTable(clients, 'bench-query', size, (i) => itemsTable.sample(i, random));
    const store = new DynamoDbRecordStore(itemsTable.declaration, { client: counted.client, tableName });
    const query = async (): Promise<number> =>
      (await store.query({ index: 'byCategory', partition: QUERY_FILTER.category, sort: QUERY_FILTER.price, limit: PAGE })).items.length;
    const scan = (): Promise<number> => scanWithFilter(counted.client, tableName, QUERY_FILTER.category, QUERY_FILTER.price);
    tables.push({ query: { row: emptyRow('query', size), read: query }, scan: { row: emptyRow('scan', size), read: scan } });
  }
  try {
    const reads = tables.flatMap(({ query, scan }) => [query, scan]);
    // Two warm-up rounds (DynamoDB Local's JIT), then rounds interleaved over every size and way, so
    // that the machine's noise falls on all alike.
    for (let round = -2; round < runs; round += 1) {
      for (const { row, read } of reads) {
        counted.reset();
        const started = performance.now();
        const matches = await read();
        const elapsed = performance.now() - started;
        if (round < 0) continue;
        row.pageMs.push(elapsed);
        Object.assign(row, { matches, ...counted.totals() });
      }
    }
    return reads.map(({ row }) => row);
  } finally {
    counted.client.destroy();
  }
}

function emptyRow(way: QueryCostRow['way'], tableItems: number): QueryCostRow {
  return { way, tableItems, capacityPerPage: 0, callsPerPage: 0, itemsRead: 0, matches: 0, pageMs: [] };
}

/**
 * The scan a store without the index would make: DynamoDB's own pages (up to 1 MB read each, the
 * filter applied after reading, so every item read is paid for), until 100 matches or the table's end.
 * Eventually consistent, as a read from an index is, so that both pay the same rate per item read.
 */
async function scanWithFilter(client: DynamoDbClient, tableName: string, category: string, price: SortCondition): Promise<number> {
  let matches = 0;
  let startKey: unknown;
  do {
    const page = await client.call<{ Count?: number; LastEvaluatedKey?: unknown }>('Scan', {
      TableName: tableName,
      FilterExpression: '#category = :category AND #price >= :low AND #price < :high',
      ExpressionAttributeNames: { '#category': 'category', '#price': 'price' },
      ExpressionAttributeValues: { ':category': { S: category }, ':low': { N: String(price.gte) }, ':high': { N: String(price.lt) } },
      ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
    });
    matches += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && matches < PAGE);
  // A page shows 100; the matches past them in the last DynamoDB page were read (and paid for) all the same.
  return Math.min(matches, PAGE);
}

/** The layer's client, with the capacity DynamoDB reports and the items it read summed per page. */
function countingClient(endpoint: string, region: string) {
  let capacity = 0;
  let calls = 0;
  let itemsRead = 0;
  const inner = createDynamoDbClient(
    { endpoint, region, credentials: environmentCredentials() },
    { onConsumedCapacity: ({ capacityUnits }) => void (capacity += capacityUnits) },
  );
  const client: DynamoDbClient = {
    async call<Output>(operation: Parameters<DynamoDbClient['call']>[0], input: Record<string, unknown>): Promise<Output> {
      const output = await inner.call<Output>(operation, input);
      calls += 1;
      itemsRead += (output as { ScannedCount?: number }).ScannedCount ?? 0;
      return output;
    },
    destroy: () => inner.destroy(),
  };
  return {
    client,
    reset: () => void (capacity = calls = itemsRead = 0),
    totals: () => ({ capacityPerPage: capacity, callsPerPage: calls, itemsRead }),
  };
}

/** Mulberry32: a small seeded generator, so that a table of a given size holds the same samples every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
