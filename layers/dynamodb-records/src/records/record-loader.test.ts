import { type TestTable, testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type AttributeMap, fromAttributes } from '../dynamodb/attribute-values.js';
import type { CapacityUsage } from '../dynamodb/consumed-capacity.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { DynamoDbError } from '../dynamodb/dynamodb-error.js';
import { WIDGETS, type Widget, type WidgetInput } from '../test-entities.js';
import { StoreFailureError, StoreUnavailableError } from './errors.js';
import { BATCH_WRITE_ATTEMPTS, DynamoDbRecordLoader, type DynamoDbRecordLoaderOptions } from './record-loader.js';

// Each test that counts what the table holds has a table of its own.
const tables = {
  plain: useRecordsTable('batch'),
  partial: useRecordsTable('batch-partial'),
  throttled: useRecordsTable('batch-throttled'),
  refused: useRecordsTable('batch-refused'),
};

/** A loader of widgets on `table`, as `npm run seed` makes one. */
function loaderOn(
  table: TestTable,
  options: Partial<DynamoDbRecordLoaderOptions> & Pick<DynamoDbRecordLoaderOptions, 'client'>,
): DynamoDbRecordLoader<WidgetInput> {
  return new DynamoDbRecordLoader(WIDGETS, { tableName: table.name, ...options });
}

type WriteRequests = { PutRequest: { Item: AttributeMap } }[];
interface BatchCall {
  /** The ids sent on to DynamoDB Local in this call. */
  sent: string[];
  /** How many the interceptor kept back and answered as unprocessed. */
  held: number;
}

/**
 * The store's client on the test DynamoDB Local with an interceptor in front of every BatchWriteItem:
 * `intercept` decides, per call, how many of the requests go on to DynamoDB Local (the rest come back
 * as UnprocessedItems, as when DynamoDB throttles) or throws in DynamoDB's place.
 */
function interceptedClient(intercept: (call: number, requests: WriteRequests) => number | Error = (_, requests) => requests.length) {
  const calls: BatchCall[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const usages: CapacityUsage[] = [];
  const real = testDynamoDbClient({ onConsumedCapacity: (usage) => usages.push(usage) });
  clients.push(real);
  const client: DynamoDbClient = {
    destroy: () => real.destroy(),
    call: async <Output>(operation: Parameters<DynamoDbClient['call']>[0], input: Record<string, unknown>): Promise<Output> => {
      if (operation !== 'BatchWriteItem') return real.call<Output>(operation, input);
      const [[table, requests]] = Object.entries(input.RequestItems as Record<string, WriteRequests>) as [[string, WriteRequests]];
      const decision = intercept(calls.length, requests);
      const call: BatchCall = { sent: [], held: requests.length };
      calls.push(call);
      if (decision instanceof Error) throw decision;
      const forwarded = requests.slice(0, decision);
      const held = requests.slice(decision);
      call.sent = forwarded.map((request) => String(fromAttributes(request.PutRequest.Item).id));
      call.held = held.length;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (forwarded.length === 0) return { UnprocessedItems: { [table]: held } } as Output;
        const output = await real.call<{ UnprocessedItems?: Record<string, WriteRequests> }>(operation, {
          ...input,
          RequestItems: { [table]: forwarded },
        });
        const unprocessed = [...(output.UnprocessedItems?.[table] ?? []), ...held];
        return { ...output, UnprocessedItems: unprocessed.length > 0 ? { [table]: unprocessed } : {} } as Output;
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { client, calls, usages, maxInFlight: () => maxInFlight };
}

const clients: DynamoDbClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

function inputs(count: number): WidgetInput[] {
  return Array.from({ length: count }, (_, i) => ({ name: `Widget ${i}`, price: 100 + i, description: i % 2 ? `Number ${i}` : '' }));
}

async function tableItems(table: TestTable): Promise<Widget[]> {
  const client = testDynamoDbClient();
  try {
    const items: Widget[] = [];
    let startKey: AttributeMap | undefined;
    do {
      const page = await client.call<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Scan', {
        TableName: table.name,
        ConsistentRead: true,
        ...(startKey && { ExclusiveStartKey: startKey }),
      });
      items.push(...(page.Items ?? []).map((record) => fromAttributes(record) as unknown as Widget));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  } finally {
    client.destroy();
  }
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe('DynamoDbRecordLoader.createMany', () => {
  it('creates items as create does, in chunks of 25, readable one by one and through list, with progress adding up', async () => {
    const { client, calls, usages } = interceptedClient();
    const loader = loaderOn(tables.plain, { client, now: () => new Date('2026-03-04T05:06:07.089Z') });
    const store = tables.plain.store(WIDGETS, { client });
    const progress: number[] = [];
    const created = await loader.createMany(inputs(60), { onWritten: (count) => progress.push(count) });

    expect(created).toHaveLength(60);
    created.forEach((item, i) => {
      expect(item).toEqual({
        ...inputs(60)[i],
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        version: 1,
        createdAt: '2026-03-04T05:06:07.089Z',
        updatedAt: '2026-03-04T05:06:07.089Z',
      });
    });
    expect(new Set(created.map((item) => item.id)).size).toBe(60);
    expect(calls.map((call) => call.sent.length).sort()).toEqual([10, 25, 25]);
    expect(progress.reduce((sum, count) => sum + count, 0)).toBe(60);
    expect(
      usages.filter((usage) => usage.operation === 'BatchWriteItem').reduce((sum, usage) => sum + usage.capacityUnits, 0),
    ).toBeGreaterThanOrEqual(60);

    for (const item of created.slice(0, 10)) await expect(store.get(item.id)).resolves.toEqual(item);
    const listed: Widget[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ limit: 7, cursor });
      listed.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.sort(byId)).toEqual([...created].sort(byId));
  });

  it('keeps at most 4 BatchWriteItem calls in flight', async () => {
    const { client, calls, maxInFlight } = interceptedClient();
    const progress: number[] = [];
    await loaderOn(tables.plain, { client }).createMany(inputs(260), { onWritten: (count) => progress.push(count) });
    expect(calls).toHaveLength(11);
    expect(maxInFlight()).toBe(4);
    expect(progress.reduce((sum, count) => sum + count, 0)).toBe(260);
  });

  it('makes no call for no items', async () => {
    const { client, calls } = interceptedClient();
    const progress: number[] = [];
    await expect(loaderOn(tables.plain, { client }).createMany([], { onWritten: (count) => progress.push(count) })).resolves.toEqual([]);
    expect(calls).toHaveLength(0);
    expect(progress).toEqual([]);
  });

  it('sends unprocessed items again until every item is in the table exactly once', async () => {
    // The first 8 calls send only part of their items on; the rest come back as UnprocessedItems.
    const { client, calls } = interceptedClient((call, requests) => (call < 8 ? Math.floor(requests.length / 3) : requests.length));
    const written: number[] = [];
    const unprocessed: number[] = [];
    const created = await loaderOn(tables.partial, { client }).createMany(inputs(100), {
      onWritten: (count) => written.push(count),
      onUnprocessed: (count) => unprocessed.push(count),
    });

    const stored = await tableItems(tables.partial);
    expect(stored.sort(byId)).toEqual([...created].sort(byId));
    // Each item reached DynamoDB once: none sent again after it was written, none lost.
    const sent = calls.flatMap((call) => call.sent);
    expect(sent).toHaveLength(100);
    expect(new Set(sent)).toEqual(new Set(created.map((item) => item.id)));
    expect(calls.length).toBeGreaterThan(4);
    expect(written.reduce((sum, count) => sum + count, 0)).toBe(100);
    const held = calls.reduce((sum, call) => sum + call.held, 0);
    expect(held).toBeGreaterThan(50);
    expect(unprocessed.reduce((sum, count) => sum + count, 0)).toBe(held);
  });

  it('retries a call throttled as a whole (ProvisionedThroughputExceeded) like unprocessed items', async () => {
    const throttled = () => new DynamoDbError('ProvisionedThroughputExceededException', 'Throughput exceeded', { statusCode: 400 });
    const { client, calls } = interceptedClient((call, requests) => (call < 2 ? throttled() : requests.length));
    const unprocessed: number[] = [];
    const created = await loaderOn(tables.throttled, { client }).createMany(inputs(30), {
      onUnprocessed: (count) => unprocessed.push(count),
    });
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(unprocessed.reduce((sum, count) => sum + count, 0)).toBe(30);
    expect((await tableItems(tables.throttled)).sort(byId)).toEqual([...created].sort(byId));
  });

  it('gives up with StoreUnavailableError after a bounded number of attempts when items stay unprocessed', async () => {
    const { client, calls } = interceptedClient(() => 0);
    const started = performance.now();
    const error = await loaderOn(tables.refused, { client })
      .createMany(inputs(20))
      .catch((error: unknown) => error);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(calls).toHaveLength(BATCH_WRITE_ATTEMPTS);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await tableItems(tables.refused)).toEqual([]);
  });

  it('stops at a failure that no retry mends: StoreFailureError, no retry, no chunk started after it', async () => {
    const { client, calls } = interceptedClient();
    const store = loaderOn(tables.refused, { client, tableName: 'no-such-table' });
    // 8 chunks: the 4 first in flight fail, and the other 4 are never sent.
    await expect(store.createMany(inputs(200))).rejects.toBeInstanceOf(StoreFailureError);
    expect(calls).toHaveLength(4);
  });

  it('sends nothing more for a chunk waiting to retry once another chunk has failed the load', async () => {
    // Two chunks in flight: the first call's items all come back unprocessed, the second call fails.
    const { client, calls } = interceptedClient((call) => (call === 0 ? 0 : new Error('refused for good')));
    await expect(loaderOn(tables.refused, { client }).createMany(inputs(50))).rejects.toBeInstanceOf(StoreFailureError);
    // Longer than the first retry's backoff (at most 75 ms): the held chunk stayed unsent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toHaveLength(2);
  });
});
