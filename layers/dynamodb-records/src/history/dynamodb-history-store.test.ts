import { randomUUID } from 'node:crypto';
import { TEST_CREDENTIALS, TEST_REGION, testDynamoDbClient } from '@items-api/test-support/dynamodb';
import { useHistoryTable } from '@items-api/test-support/history-table';
import { type LossyProxy, startLossyProxy } from '@items-api/test-support/lossy-proxy';
import { storedRecords } from '@items-api/test-support/stored-records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { encodeCursor } from '../records/cursor.js';
import { InvalidCursorError, StoreFailureError } from '../records/errors.js';
import type { StoredRecord } from '../records/record.js';
import type { WidgetInput } from '../test-entities.js';
import { DynamoDbHistoryStore } from './dynamodb-history-store.js';
import type { ChangeType, HistoryEntry } from './history-entry.js';

// The history of widgets, on a history table of the file's own in DynamoDB Local.
const table = useHistoryTable('history-store');
const store = table.store<WidgetInput>();

function entry(id: string, version: number, type: ChangeType, changed: string[] = ['price']): HistoryEntry<WidgetInput> {
  const at = new Date(Date.UTC(2026, 0, 1, 0, version, type === 'deleted' ? 30 : 0)).toISOString();
  const record: StoredRecord<WidgetInput> = {
    id,
    name: 'Lamp',
    price: 100 * version,
    description: '',
    version,
    createdAt: '2026-01-01T00:01:00.000Z',
    updatedAt: at,
  };
  return { version, type, at, record, changed };
}

/** A widget created, replaced up to `last`, then deleted: its whole history, oldest first. */
function lifeOf(id: string, last: number): HistoryEntry<WidgetInput>[] {
  return [
    entry(id, 1, 'created', ['description', 'name', 'price']),
    ...Array.from({ length: last - 1 }, (_, i) => entry(id, i + 2, 'replaced')),
    entry(id, last, 'deleted', ['description', 'name', 'price']),
  ];
}

/** Every page of a widget's history at `limit`, each full but the last, none empty. */
async function everyPage(id: string, limit: number): Promise<HistoryEntry<WidgetInput>[][]> {
  const pages: HistoryEntry<WidgetInput>[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list('widgets', id, { limit, cursor });
    if (page.nextCursor) expect(page.items).toHaveLength(limit);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

let proxy: LossyProxy;
beforeAll(async () => {
  proxy = await startLossyProxy(table.endpoint);
});
afterAll(() => proxy.close());

const itemsOf = async (id: string) => (await storedRecords(table.client, table.name)).filter((item) => item.id === id);

describe('DynamoDbHistoryStore', () => {
  it("lists a record's changes oldest first, whatever order they were appended in, as they were appended", async () => {
    const id = randomUUID();
    const life = lifeOf(id, 3);
    for (const index of [2, 0, 3, 1]) await expect(store.append('widgets', life[index]!)).resolves.toBe('written');
    await expect(store.list('widgets', id, { limit: 10 })).resolves.toEqual({ items: life });
  });

  it('orders by version as a number, a delete after the write of its version', async () => {
    const id = randomUUID();
    const life = lifeOf(id, 11);
    for (const change of life.toReversed()) await store.append('widgets', change);
    const listed = (await store.list('widgets', id, { limit: 100 })).items;
    expect(listed.map(({ version, type }) => `${version} ${type}`)).toEqual(life.map(({ version, type }) => `${version} ${type}`));
    expect(listed.at(-1)).toMatchObject({ version: 11, type: 'deleted' });
  });

  it('keeps each record of each resource apart', async () => {
    const id = randomUUID();
    await store.append('widgets', entry(id, 1, 'created'));
    await store.append('gadgets', entry(id, 1, 'created', ['name']));
    await store.append('widgets', entry(randomUUID(), 1, 'created'));
    expect((await store.list('widgets', id, { limit: 10 })).items.map(({ changed }) => changed)).toEqual([['price']]);
    expect((await store.list('gadgets', id, { limit: 10 })).items.map(({ changed }) => changed)).toEqual([['name']]);
    await expect(store.list('widgets', randomUUID(), { limit: 10 })).resolves.toEqual({ items: [] });
    // No record's history is kept under a key DynamoDB would refuse; asking for one is no failure.
    await expect(store.list('widgets', 'x'.repeat(3000), { limit: 10 })).resolves.toEqual({ items: [] });
  });

  it('writes a change once: a repeat answers duplicate and leaves the first as it was', async () => {
    const id = randomUUID();
    const created = entry(id, 1, 'created');
    await expect(store.append('widgets', created)).resolves.toBe('written');
    await expect(store.append('widgets', created)).resolves.toBe('duplicate');
    await expect(store.append('widgets', { ...created, at: '2030-01-01T00:00:00.000Z', changed: ['name'] })).resolves.toBe('duplicate');
    expect(await itemsOf(id)).toHaveLength(1);
    await expect(store.list('widgets', id, { limit: 10 })).resolves.toEqual({ items: [created] });
  });

  it('writes a change once however many deliveries of it race', async () => {
    const id = randomUUID();
    const replaced = entry(id, 2, 'replaced');
    const answers = await Promise.all(Array.from({ length: 50 }, () => store.append('widgets', replaced)));
    expect(answers.filter((answer) => answer === 'written')).toHaveLength(1);
    expect(answers.filter((answer) => answer === 'duplicate')).toHaveLength(49);
    expect(await itemsOf(id)).toHaveLength(1);
  });

  it('answers written to the put whose answer was lost, when its retry finds its own entry there', async () => {
    const lossy = new DynamoDbHistoryStore<WidgetInput>({
      client: createDynamoDbClient({ endpoint: proxy.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS }),
      tableName: table.name,
    });
    const id = randomUUID();
    const created = entry(id, 1, 'created');
    const seen = proxy.calls.length;
    proxy.dropAnswers('PutItem');
    await expect(lossy.append('widgets', created)).resolves.toBe('written');
    const puts = proxy.calls.slice(seen).filter(({ operation }) => operation === 'PutItem');
    expect(puts.map(({ dropped }) => dropped)).toEqual([true, false]);
    await expect(lossy.append('widgets', created)).resolves.toBe('duplicate');
    await expect(store.list('widgets', id, { limit: 10 })).resolves.toEqual({ items: [created] });
  });

  it('pages a history with a cursor, never to an empty page', async () => {
    const id = randomUUID();
    const life = lifeOf(id, 3);
    for (const change of life) await store.append('widgets', change);
    const ones = await everyPage(id, 1);
    expect(ones).toEqual(life.map((change) => [change]));
    const twos = await everyPage(id, 2);
    expect(twos).toEqual([life.slice(0, 2), life.slice(2, 4)]);
    expect(await everyPage(id, 4)).toEqual([life]);
  });

  it("refuses a cursor of another record's history, of another resource's, or of a list of records", async () => {
    const id = randomUUID();
    for (const change of lifeOf(id, 2)) await store.append('widgets', change);
    const { nextCursor } = await store.list('widgets', id, { limit: 1 });
    expect(nextCursor).toBeDefined();
    await expect(store.list('widgets', randomUUID(), { limit: 1, cursor: nextCursor })).rejects.toThrow(InvalidCursorError);
    await expect(store.list('gadgets', id, { limit: 1, cursor: nextCursor })).rejects.toThrow(InvalidCursorError);
    await expect(store.list('widgets', id, { limit: 1, cursor: encodeCursor({ id }) })).rejects.toThrow(InvalidCursorError);
    await expect(store.list('widgets', id, { limit: 1, cursor: 'not a cursor' })).rejects.toThrow(InvalidCursorError);
    await expect(store.list('widgets', id, { limit: 1, cursor: nextCursor })).resolves.toMatchObject({ items: [{ version: 2 }] });
  });

  it('refuses a limit that is not a positive integer', async () => {
    for (const limit of [0, -1, 1.5]) await expect(store.list('widgets', randomUUID(), { limit })).rejects.toThrow(RangeError);
  });

  it("answers DynamoDB's refusals as the store's typed errors", async () => {
    const missing = new DynamoDbHistoryStore({ client: testDynamoDbClient(), tableName: `${table.name}-missing` });
    await expect(missing.append('widgets', entry(randomUUID(), 1, 'created'))).rejects.toThrow(StoreFailureError);
    await expect(missing.list('widgets', randomUUID(), { limit: 1 })).rejects.toThrow(StoreFailureError);
  });
});
