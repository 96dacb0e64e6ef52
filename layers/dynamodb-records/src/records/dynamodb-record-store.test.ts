import { randomUUID } from 'node:crypto';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { TEST_CREDENTIALS, TEST_REGION, useRecordsTable } from '@items-api/test-support/dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { WIDGETS, type Widget, type WidgetInput } from '../test-entities.js';
import { DynamoDbRecordStore, type DynamoDbRecordStoreOptions } from './dynamodb-record-store.js';
import {
  ConfigurationError,
  ConflictError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  StoreFailureError,
} from './errors.js';
import { IDEMPOTENCY_KEY_LIFETIME_SECONDS, scopedKey } from './idempotent-create.js';
import type { RecordStore } from './record.js';

// The store, declared for the tests' widgets, against DynamoDB Local.
type WidgetStore = RecordStore<WidgetInput>;
const widgetStore = (options: DynamoDbRecordStoreOptions) => new DynamoDbRecordStore(WIDGETS, options);

const table = useRecordsTable('store');
const input = { name: 'Cup', price: 1250, description: 'Porcelain' };

async function walk(store: WidgetStore, limit: number): Promise<{ pages: Widget[][] }> {
  const pages: Widget[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({ limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { pages };
}

describe('DynamoDbRecordStore against DynamoDB Local', () => {
  it('creates an item with a server-made UUID and timestamps, and reads it back', async () => {
    const store = table.store(WIDGETS, { now: () => new Date('2026-01-02T03:04:05.678Z') });
    const item = await store.create(input);
    expect(item).toEqual({
      ...input,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      createdAt: '2026-01-02T03:04:05.678Z',
      updatedAt: '2026-01-02T03:04:05.678Z',
    });
    await expect(store.get(item.id)).resolves.toEqual(item);
  });

  it('never overwrites on create: a second create of the same id fails and keeps the first', async () => {
    const id = randomUUID();
    const store = table.store(WIDGETS, { newId: () => id });
    const first = await store.create(input);
    await expect(store.create({ ...input, name: 'Intruder' })).rejects.toBeInstanceOf(ConflictError);
    await expect(store.get(id)).resolves.toEqual(first);
  });

  it('replaces the client fields, keeps id and createdAt, moves updatedAt and the version', async () => {
    let clock = new Date('2026-01-01T00:00:00.000Z');
    const store = table.store(WIDGETS, { now: () => clock });
    const created = await store.create(input);
    clock = new Date('2026-02-01T00:00:00.000Z');
    const replaced = await store.replace(created.id, { name: 'Mug', price: 900, description: '' });
    expect(replaced).toEqual({
      id: created.id,
      name: 'Mug',
      price: 900,
      description: '',
      version: 2,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
    await expect(store.get(created.id)).resolves.toEqual(replaced);
  });

  it('replaces and deletes only at a version named in ifMatch; otherwise changes nothing', async () => {
    const store = table.store(WIDGETS);
    const created = await store.create(input);
    await expect(store.replace(created.id, { ...input, name: 'Stale' }, [2, 3])).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.delete(created.id, [7])).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.get(created.id)).resolves.toEqual(created);

    const second = await store.replace(created.id, { ...input, name: 'Fresh' }, [5, 1]);
    expect(second).toMatchObject({ name: 'Fresh', version: 2 });
    const third = await store.replace(created.id, { ...input, name: 'Any' }, '*');
    expect(third.version).toBe(3);
    await expect(store.delete(created.id, [2])).rejects.toBeInstanceOf(PreconditionFailedError);
    await store.delete(created.id, [3]);
    await expect(store.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a conditional write on an absent item as a version mismatch (an If-Match that cannot hold)', async () => {
    const store = table.store(WIDGETS);
    const id = randomUUID();
    await expect(store.replace(id, input, '*')).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.delete(id, [1])).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.replace(randomUUID(), input, [])).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('lets exactly one of many concurrent writers conditioned on the same version win', async () => {
    const store = table.store(WIDGETS);
    const created = await store.create(input);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.replace(created.id, { ...input, name: `Writer ${i}` }, [created.version])),
    );
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(PreconditionFailedError);
    }
    await expect(store.get(created.id)).resolves.toEqual((winners[0] as PromiseFulfilledResult<Widget>).value);
  });

  it('reads an item written before versions existed as version 1, and ifMatch 1 holds for it', async () => {
    const store = table.store(WIDGETS);
    const id = randomUUID();
    await table.client.send(
      new PutItemCommand({
        TableName: table.name,
        Item: {
          id: { S: id },
          name: { S: 'Old' },
          price: { N: '1' },
          description: { S: '' },
          createdAt: { S: 'x' },
          updatedAt: { S: 'x' },
        },
      }),
    );
    await expect(store.get(id)).resolves.toMatchObject({ version: 1 });
    await expect(store.replace(id, input, [1])).resolves.toMatchObject({ version: 2 });
  });

  it('never creates on replace: an absent id is not found and stays absent', async () => {
    const store = table.store(WIDGETS);
    const id = randomUUID();
    await expect(store.replace(id, input)).rejects.toBeInstanceOf(NotFoundError);
    const raw = await table.client.send(new GetItemCommand({ TableName: table.name, Key: { id: { S: id } } }));
    expect(raw.Item).toBeUndefined();
  });

  it('deletes an item once; deleting it again is not found', async () => {
    const store = table.store(WIDGETS);
    const { id } = await store.create(input);
    await store.delete(id);
    await expect(store.get(id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.delete(id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates once per Idempotency-Key: a repeat with the same fields gets the first item back', async () => {
    const store = table.store(WIDGETS);
    const key = randomUUID();
    const first = await store.createOnce(input, key);
    expect(first.replayed).toBe(false);
    const again = await store.createOnce({ ...input }, key);
    expect(again).toEqual({ item: first.item, replayed: true });
    await expect(store.createOnce({ ...input, price: 1 }, key)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const raw = await table.client.send(
      new GetItemCommand({ TableName: table.idempotencyName, Key: { key: { S: scopedKey('Widget', key) } } }),
    );
    const expiresAt = Number(raw.Item?.expiresAt?.N);
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(IDEMPOTENCY_KEY_LIFETIME_SECONDS - 60);
  });

  it('makes one item of concurrent creates with one key', async () => {
    const store = table.store(WIDGETS);
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => store.createOnce(input, key)));
    expect(new Set(results.map((result) => result.item.id)).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const { pages } = await walk(store, 1000);
    expect(pages.flat().filter((item) => item.id === results[0]!.item.id)).toHaveLength(1);
  });

  it('forgets a key once it has expired', async () => {
    let clock = new Date();
    const store = table.store(WIDGETS, { now: () => clock });
    const key = randomUUID();
    const first = await store.createOnce(input, key);
    clock = new Date(clock.getTime() + (IDEMPOTENCY_KEY_LIFETIME_SECONDS + 1) * 1000);
    const later = await store.createOnce({ ...input, name: 'Another day' }, key);
    expect(later.replayed).toBe(false);
    expect(later.item.id).not.toBe(first.item.id);
  });

  it('refuses a keyed create without an idempotency table as a configuration error', async () => {
    const store = widgetStore({
      client: createDynamoDbClient({ endpoint: table.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS }),
      tableName: table.name,
    });
    await expect(store.createOnce(input, 'k')).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('answers "not found" for ids it never issues without asking DynamoDB', async () => {
    // A store on a port nothing listens on: any DynamoDB call would fail as unavailable.
    const unreachable = widgetStore({
      client: createDynamoDbClient({ endpoint: 'http://127.0.0.1:9', region: TEST_REGION, credentials: TEST_CREDENTIALS }),
      tableName: table.name,
    });
    for (const id of ['nope', 'A'.repeat(5000), randomUUID().toUpperCase()]) {
      await expect(unreachable.get(id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(unreachable.replace(id, input)).rejects.toBeInstanceOf(NotFoundError);
      await expect(unreachable.delete(id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('reports a missing table as a store failure, never as not found', async () => {
    const store = widgetStore({
      client: createDynamoDbClient({ endpoint: table.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS }),
      tableName: 'no-such-table',
    });
    await expect(store.get(randomUUID())).rejects.toBeInstanceOf(StoreFailureError);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(table.store(WIDGETS).list({ limit: 10, cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('DynamoDbRecordStore.list', () => {
  const listTable = useRecordsTable('list');

  it('walks every item exactly once, page by page, with no cursor after the last page', async () => {
    const store = listTable.store(WIDGETS);
    const created = await Promise.all(Array.from({ length: 25 }, (_, i) => store.create({ ...input, name: `n${i}` })));
    const { pages } = await walk(store, 10);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    const ids = pages.flat().map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(created.map((item) => item.id).sort());
  });

  it('gives no next cursor when the last page is exactly full', async () => {
    const { pages } = await walk(listTable.store(WIDGETS), 25);
    expect(pages.map((page) => page.length)).toEqual([25]);
  });

  it('fills a page across DynamoDB 1 MB scan pages', async () => {
    const store = listTable.store(WIDGETS);
    // 600 items of ~2 KB: 1.2 MB, more than one Scan call returns.
    const description = 'x'.repeat(2000);
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.create({ ...input, name: `big${batch}-${i}`, description })));
    }
    const page = await store.list({ limit: 1000 });
    expect(page.items).toHaveLength(625);
    expect(page.nextCursor).toBeUndefined();
  });
});
