import { TEST_CREDENTIALS, TEST_REGION, testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { describeCalls, type LossyProxy, startLossyProxy } from '@items-api/test-support/lossy-proxy';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { fromAttributes } from '../dynamodb/attribute-values.js';
import { createDynamoDbClient, type DynamoDbOperation } from '../dynamodb/dynamodb-client.js';
import { DynamoDbRecordStore } from './dynamodb-record-store.js';
import { NotFoundError } from './errors.js';
import type { RecordDeclaration } from './record.js';

// A write that commits but whose answer is lost is retried by the client with the very same request.
// Every kind of write must answer that retry as the success it was: never a 409, 412 or 404 for a
// write that happened, never a second change. The proxy drops the answer of one committed call.

type Note = { title: string; owner?: string | undefined };
const NOTE: RecordDeclaration<Note> = { entity: 'Note', fields: ['title', 'owner'] };
const OWNED_NOTE: RecordDeclaration<Note> = { ...NOTE, entity: 'OwnedNote', unique: ['owner'] };
const table = useRecordsTable('lost-answers');
const direct = testDynamoDbClient();
let proxy: LossyProxy;

beforeAll(async () => {
  proxy = await startLossyProxy(table.endpoint);
});
afterAll(() => proxy.close());
beforeEach(() => {
  const seen = proxy.calls.length;
  onTestFailed(() => console.error(`DynamoDB calls of this test:\n${describeCalls(proxy.calls.slice(seen))}`));
});

function storeOf(declaration: RecordDeclaration<Note>) {
  const client = createDynamoDbClient({ endpoint: proxy.endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
  return new DynamoDbRecordStore(declaration, { client, tableName: table.name, idempotencyTableName: table.idempotencyName });
}

/** Runs `write` with the answer of its first `operation` call dropped, and checks that the call was indeed retried. */
async function withLostAnswer<T>(operation: DynamoDbOperation, write: () => Promise<T>): Promise<T> {
  const seen = proxy.calls.length;
  proxy.dropAnswers(operation);
  const result = await write();
  const calls = proxy.calls.slice(seen).filter((call) => call.operation === operation);
  expect(calls[0]?.dropped).toBe(true);
  expect(calls.length).toBeGreaterThanOrEqual(2);
  return result;
}

async function stored(id: string): Promise<Record<string, unknown> | undefined> {
  const result = await direct.call<{ Item?: Record<string, unknown> }>('GetItem', {
    TableName: table.name,
    Key: { id: { S: id } },
    ConsistentRead: true,
  });
  return result.Item && fromAttributes(result.Item);
}

describe.each([
  ['plain fields', NOTE, 'PutItem'],
  ['a unique field', OWNED_NOTE, 'TransactWriteItems'],
] as const)('a write whose answer was lost, on records with %s', (_, declaration, createCall) => {
  let n = 0;
  const owner = () => `owner-${declaration.entity}-${(n += 1)}`;

  it('create: the record, once', async () => {
    const store = storeOf(declaration);
    const note = await withLostAnswer(createCall, () => store.create({ title: 'Lost', owner: owner() }));
    expect(await store.get(note.id)).toEqual(note);
  });

  it('create with an Idempotency-Key: the record, not replayed, once', async () => {
    const store = storeOf(declaration);
    const key = `key-${declaration.entity}-${Date.now()}`;
    const { item, replayed } = await withLostAnswer('TransactWriteItems', () => store.createOnce({ title: 'Keyed', owner: owner() }, key));
    expect(replayed).toBe(false);
    expect(await store.get(item.id)).toEqual(item);
    expect(await store.createOnce({ title: 'Keyed', owner: item.owner }, key)).toEqual({ item, replayed: true });
  });

  it.each([
    ['without If-Match', undefined],
    ['with If-Match', [1]],
  ] as const)('replace %s: the new fields, one version on', async (_, ifMatch) => {
    const store = storeOf(declaration);
    const note = await store.create({ title: 'Before', owner: owner() });
    const operation = declaration.unique ? 'TransactWriteItems' : 'UpdateItem';
    const replaced = await withLostAnswer(operation, () => store.replace(note.id, { title: 'After', owner: owner() }, ifMatch));
    expect(replaced).toMatchObject({ title: 'After', version: 2 });
    expect(await store.get(note.id)).toEqual(replaced);
  });

  it.each([
    ['without If-Match', undefined],
    ['with If-Match', [1]],
  ] as const)('delete %s: deleted, no 404', async (_, ifMatch) => {
    const store = storeOf(declaration);
    const note = await store.create({ title: 'Doomed', owner: owner() });
    await withLostAnswer('TransactWriteItems', () => store.delete(note.id, ifMatch));
    expect(await stored(note.id)).toBeUndefined();
    await expect(store.delete(note.id)).rejects.toEqual(new NotFoundError(declaration.entity, note.id));
  });
});
