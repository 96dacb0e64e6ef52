import { randomUUID } from 'node:crypto';
import type { DynamoDbCall, HistoryEntry, StoredRecord } from '@items-api/dynamodb-records';
import { DynamoDbRecordStore } from '@items-api/dynamodb-records';
import { testDynamoDbClient } from '@items-api/test-support/dynamodb';
import { useHistoryTable } from '@items-api/test-support/history-table';
import { useItemsTable } from '@items-api/test-support/items-table';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { HISTORY_STORE, recordDeclarationOf } from './resources/index.js';
import { users } from './test-resources/users-resource.js';

// GET /items/{id}/history against DynamoDB Local: the items table and a real history table, whose
// entries are appended with the layer's own history store (the stream that writes them on AWS is
// tested where it is consumed).

const table = useItemsTable('record-history');
const historyTable = useHistoryTable('record-history');

/** Every DynamoDB call the app's stores make, by table. */
const calls: DynamoDbCall[] = [];
const client = testDynamoDbClient({
  observeCall: (call) => {
    calls.push(call);
    return () => {};
  },
});
const items = table.store({ client });
const history = historyTable.store({ client });
const app = createApp({ stores: { items, [HISTORY_STORE]: history } });

type Item = StoredRecord<Record<string, unknown>>;
type Json = Record<string, unknown>;

async function get(path: string) {
  const response = await app.request(path);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    link: response.headers.get('link'),
    body: (text ? JSON.parse(text) : undefined) as unknown,
  };
}

function entry(type: HistoryEntry['type'], record: Item, changed: string[], at = record.updatedAt): HistoryEntry {
  return { version: record.version, type, at, record, changed };
}

/** An item created and replaced twice, each change an entry of its history, appended out of order. */
async function itemWithThreeChanges(): Promise<{ id: string; entries: HistoryEntry[] }> {
  const created = await items.create({ name: 'Cup', price: 100, description: '' });
  const cheaper = await items.replace(created.id, { name: 'Cup', price: 90, description: '' });
  const renamed = await items.replace(created.id, { name: 'Mug', price: 90, description: '' });
  const entries = [
    entry('created', created, ['name', 'price', 'description']),
    entry('replaced', cheaper, ['price']),
    entry('replaced', renamed, ['name']),
  ];
  for (const index of [2, 0, 1]) await history.append('items', entries[index]!);
  return { id: created.id, entries };
}

describe('GET /items/{id}/history', () => {
  it("answers the item's changes oldest first, whatever order they were written in, as a bare array", async () => {
    const { id, entries } = await itemWithThreeChanges();
    const response = await get(`/items/${id}/history`);
    expect(response.status).toBe(200);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.link).toBeNull();
    expect(response.body).toEqual(entries);
  });

  it('pages as the list does: limit 1 and a relative Link, every entry once, in order', async () => {
    const { id, entries } = await itemWithThreeChanges();
    const seen: unknown[] = [];
    const links: string[] = [];
    let url: string | undefined = `http://api.test/items/${id}/history?limit=1`;
    while (url) {
      const page = await get(url.slice('http://api.test'.length));
      expect(page.status).toBe(200);
      expect(page.body).toHaveLength(1);
      seen.push(...(page.body as unknown[]));
      const target = /^<([^>]*)>; rel="next"$/.exec(page.link ?? '')?.[1];
      if (target) links.push(target);
      url = target && new URL(target, url).href;
    }
    expect(seen).toEqual(entries);
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link).toMatch(/^\?/);
      expect(new URLSearchParams(link.slice(1)).get('limit')).toBe('1');
    }
  });

  it('is 404, as the item itself, for an id that never was an item', async () => {
    const id = randomUUID();
    const response = await get(`/items/${id}/history`);
    expect(response.status).toBe(404);
    expect(response.type).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, type: 'tag:items-api,2026:item-not-found', detail: 'Item not found' });
    expect((await get(`/items/${id}`)).body).toMatchObject({ type: 'tag:items-api,2026:item-not-found' });
  });

  it('is 200 and empty for an item whose first change has not reached its history yet', async () => {
    const created = await items.create({ name: 'Fresh', price: 1, description: '' });
    const response = await get(`/items/${created.id}/history`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
    expect(response.link).toBeNull();
  });

  it('still reads the history of a deleted item', async () => {
    const created = await items.create({ name: 'Gone', price: 5, description: '' });
    await history.append('items', entry('created', created, ['name', 'price', 'description']));
    await items.delete(created.id);
    const deleted = entry('deleted', created, ['name', 'price', 'description'], new Date().toISOString());
    await history.append('items', deleted);
    expect((await get(`/items/${created.id}`)).status).toBe(404);
    const response = await get(`/items/${created.id}/history`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([entry('created', created, ['name', 'price', 'description']), deleted]);
  });

  it('keeps each item to its own history', async () => {
    const one = await itemWithThreeChanges();
    const other = await items.create({ name: 'Other', price: 3, description: '' });
    await history.append('items', entry('created', other, ['name', 'price', 'description']));
    expect((await get(`/items/${other.id}/history`)).body).toEqual([entry('created', other, ['name', 'price', 'description'])]);
    expect((await get(`/items/${one.id}/history`)).body).toEqual(one.entries);
  });

  it('refuses a cursor it did not issue, or one of another history or of the list, with the same 400 as the list', async () => {
    const { id } = await itemWithThreeChanges();
    const other = await itemWithThreeChanges();
    const firstPage = await get(`/items/${other.id}/history?limit=1`);
    const otherCursor = new URLSearchParams(/<\?([^>]*)>/.exec(firstPage.link!)![1]).get('cursor')!;
    await items.create({ name: 'Second', price: 2, description: '' });
    const listPage = await get('/items?limit=1');
    const listCursor = new URLSearchParams(/<\?([^>]*)>/.exec(listPage.link!)![1]).get('cursor')!;
    for (const cursor of ['not-a-cursor', otherCursor, listCursor]) {
      const response = await get(`/items/${id}/history?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, cursor).toBe(400);
      expect(response.type).toBe('application/problem+json');
      expect(response.body).toMatchObject({ status: 400, type: 'tag:items-api,2026:invalid-cursor' });
    }
    // The list refuses a forged cursor with the very same problem.
    expect((await get('/items?cursor=not-a-cursor')).body).toMatchObject({ status: 400, type: 'tag:items-api,2026:invalid-cursor' });
  });

  it('refuses a limit outside 1–1000 or an empty cursor as the list does (400 invalid-query naming it)', async () => {
    const { id } = await itemWithThreeChanges();
    for (const [query, path] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=two', 'limit'],
      ['cursor=', 'cursor'],
    ] as const) {
      const response = await get(`/items/${id}/history?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body).toMatchObject({ type: 'tag:items-api,2026:invalid-query', errors: [{ in: 'query', path }] });
      expect((await get(`/items?${query}`)).body).toMatchObject({ type: 'tag:items-api,2026:invalid-query' });
    }
  });

  it('is 404 without a DynamoDB call for an id the API never issues, as every {id} route', async () => {
    for (const id of ['not-a-uuid', randomUUID().toUpperCase(), '1']) {
      calls.length = 0;
      const response = await get(`/items/${encodeURIComponent(id)}/history`);
      expect(response.status, id).toBe(404);
      expect(response.body).toMatchObject({ type: 'tag:items-api,2026:item-not-found' });
      expect(calls, id).toEqual([]);
    }
  });

  it('reads the item only when the first page is empty', async () => {
    const { id } = await itemWithThreeChanges();
    calls.length = 0;
    await get(`/items/${id}/history`);
    expect(calls.map(({ tableName }) => tableName)).toEqual([historyTable.name]);
  });

  it('is documented: the entry typed by the item, the page, its parameters and refusals', async () => {
    const document = (await get('/openapi.json')).body as {
      paths: Record<string, Record<string, Json>>;
      components: { schemas: Record<string, Json> };
    };
    const operation = document.paths['/items/{id}/history']!.get as {
      parameters: { name: string; in: string; required: boolean; schema: Json }[];
      responses: Record<string, { content: Record<string, { schema: Json }>; headers?: Json }>;
    };
    expect(operation.parameters.map(({ name, in: where, required }) => [name, where, required])).toEqual([
      ['id', 'path', true],
      ['limit', 'query', false],
      ['cursor', 'query', false],
    ]);
    expect(operation.parameters[1]!.schema).toMatchObject({ minimum: 1, maximum: 1000, default: 100 });
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '404', '503']);
    expect(operation.responses[200]!.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ItemHistory' });
    expect(operation.responses[200]!.headers).toHaveProperty('Link');
    expect(operation.responses[404]!.content).toHaveProperty('application/problem+json');
    const { ItemHistory, ItemHistoryEntry } = document.components.schemas;
    expect(ItemHistory).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/ItemHistoryEntry' } });
    expect(ItemHistoryEntry).toMatchObject({
      type: 'object',
      required: ['version', 'type', 'at', 'record', 'changed'],
      properties: {
        version: { type: 'integer', minimum: 1 },
        type: { enum: ['created', 'replaced', 'deleted'] },
        at: { type: 'string', format: 'date-time' },
        record: { $ref: '#/components/schemas/Item' },
        changed: { type: 'array', items: { type: 'string' } },
      },
    });
  });
});

describe('a resource that does not keep its history', () => {
  const usersApp = createApp({
    resources: [users],
    stores: {
      users: new DynamoDbRecordStore(recordDeclarationOf(users), {
        client,
        tableName: table.name,
        idempotencyTableName: table.idempotencyName,
      }),
      [HISTORY_STORE]: history,
    },
  });

  it('has no history route: 404 from the router, as any unknown path, and none in the document', async () => {
    const user = (await (
      await usersApp.request('/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: `ada-${randomUUID()}@example.com` }),
      })
    ).json()) as { id: string };
    const response = await usersApp.request(`/users/${user.id}/history`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'about:blank', detail: `Nothing is served at /users/${user.id}/history.` });
    const document = (await (await usersApp.request('/openapi.json')).json()) as { paths: Json; components: { schemas: Json } };
    expect(Object.keys(document.paths)).toContain('/users/{id}');
    expect(Object.keys(document.paths).filter((path) => path.endsWith('/history'))).toEqual([]);
    expect(Object.keys(document.components.schemas).filter((name) => name.includes('History'))).toEqual([]);
  });

  it('nor has items, when the app is given no history store', async () => {
    const withoutHistory = createApp({ stores: { items } });
    const created = await items.create({ name: 'Plain', price: 1, description: '' });
    const response = await withoutHistory.request(`/items/${created.id}/history`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'about:blank' });
  });
});
