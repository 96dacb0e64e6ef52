import { randomUUID } from 'node:crypto';
import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { storedRecords } from '@items-api/test-support/stored-records';
import { describe, expect, it } from 'vitest';
import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import { DynamoDbRecordStore } from './dynamodb-record-store.js';
import { ConfigurationError, NotFoundError, PreconditionFailedError, UniqueFieldTakenError } from './errors.js';
import type { RecordDeclaration } from './record.js';
import { DynamoDbRecordLoader } from './record-loader.js';

// Unique fields, on accounts of the layer's own: each email and each handle belongs to one account at most.
type Account = { email: string; handle?: string | undefined; name: string };
const ACCOUNT: RecordDeclaration<Account> = { entity: 'Account', fields: ['email', 'handle', 'name'], unique: ['email', 'handle'] };
const table = useRecordsTable('unique-fields');
const client = testDynamoDbClient();
const accounts = () => new DynamoDbRecordStore(ACCOUNT, { client, tableName: table.name, idempotencyTableName: table.idempotencyName });

const scan = (tableName: string) => storedRecords(table.client, tableName);

/** Who holds `value` of `field`: the owner's id, or undefined. */
async function ownerOf(field: string, value: string): Promise<unknown> {
  const result = await client.call<{ Item?: AttributeMap }>('GetItem', {
    TableName: table.idempotencyName,
    Key: toAttributes({ key: `unique#Account#${field}#${value}` }),
    ConsistentRead: true,
  });
  return result.Item && fromAttributes(result.Item).owner;
}

/** An account as written before its fields were declared unique: no claim of its values. */
async function writtenBeforeUnique(account: Account): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await client.call('PutItem', {
    TableName: table.name,
    Item: toAttributes({ id, ...account, version: 1, createdAt: now, updatedAt: now }),
  });
  return id;
}

describe('unique fields', () => {
  it('refuses a second record with a taken value, naming the field, and writes nothing of it', async () => {
    const store = accounts();
    const ada = await store.create({ email: 'ada@example.com', name: 'Ada' });
    expect(await ownerOf('email', 'ada@example.com')).toBe(ada.id);
    await expect(store.create({ email: 'ada@example.com', name: 'Impostor' })).rejects.toEqual(
      new UniqueFieldTakenError('Account', 'email'),
    );
    await expect(store.createOnce({ email: 'ada@example.com', name: 'Impostor' }, 'key-impostor')).rejects.toEqual(
      new UniqueFieldTakenError('Account', 'email'),
    );
    const records = await scan(table.name);
    expect(records.filter((record) => record.email === 'ada@example.com').map((record) => record.id)).toEqual([ada.id]);
    // The refused keyed create left no key behind: the key can still create an account with a free email.
    expect((await store.createOnce({ email: 'not-ada@example.com', name: 'Other' }, 'key-impostor')).replayed).toBe(false);
  });

  it('claims nothing for a value left out, so any number of records may leave it out', async () => {
    const store = accounts();
    const first = await store.create({ email: 'no-handle-1@example.com', name: 'One' });
    const second = await store.create({ email: 'no-handle-2@example.com', name: 'Two' });
    expect(first.handle).toBeUndefined();
    expect(second.handle).toBeUndefined();
  });

  it('moves a claim on replace: the old value is free again, the new one is held, a taken one refused with the record unchanged', async () => {
    const store = accounts();
    const grace = await store.create({ email: 'grace@example.com', handle: 'grace', name: 'Grace' });
    const alan = await store.create({ email: 'alan@example.com', name: 'Alan' });
    await expect(store.replace(alan.id, { email: 'grace@example.com', name: 'Alan' })).rejects.toEqual(
      new UniqueFieldTakenError('Account', 'email'),
    );
    expect(await store.get(alan.id)).toEqual(alan);

    const moved = await store.replace(grace.id, { email: 'grace.hopper@example.com', handle: 'grace', name: 'Grace Hopper' }, [1]);
    expect(moved).toMatchObject({ email: 'grace.hopper@example.com', handle: 'grace', version: 2 });
    expect(await ownerOf('email', 'grace.hopper@example.com')).toBe(grace.id);
    expect(await ownerOf('email', 'grace@example.com')).toBeUndefined();
    expect(await ownerOf('handle', 'grace')).toBe(grace.id);
    // Dropping the handle releases it.
    await store.replace(grace.id, { email: 'grace.hopper@example.com', name: 'Grace Hopper' });
    expect(await ownerOf('handle', 'grace')).toBeUndefined();
    const taker = await store.replace(alan.id, { email: 'grace@example.com', handle: 'grace', name: 'Alan' });
    expect(taker).toMatchObject({ email: 'grace@example.com', handle: 'grace', version: 2 });
  });

  it('keeps the version conditions of replace and delete, and releases every claim on delete', async () => {
    const store = accounts();
    const linus = await store.create({ email: 'linus@example.com', handle: 'linus', name: 'Linus' });
    await expect(store.replace(linus.id, { email: 'l@example.com', name: 'L' }, [7])).rejects.toEqual(
      new PreconditionFailedError('Account', linus.id),
    );
    await expect(store.delete(linus.id, [7])).rejects.toEqual(new PreconditionFailedError('Account', linus.id));
    expect(await ownerOf('email', 'l@example.com')).toBeUndefined();
    await store.delete(linus.id, [1]);
    await expect(store.get(linus.id)).rejects.toEqual(new NotFoundError('Account', linus.id));
    expect(await ownerOf('email', 'linus@example.com')).toBeUndefined();
    expect(await ownerOf('handle', 'linus')).toBeUndefined();
    await expect(store.delete(linus.id)).rejects.toEqual(new NotFoundError('Account', linus.id));
    await expect(store.replace(linus.id, { email: 'linus@example.com', name: 'Linus' })).rejects.toEqual(
      new NotFoundError('Account', linus.id),
    );
    // Its values are free for another account.
    await store.create({ email: 'linus@example.com', handle: 'linus', name: 'Another Linus' });
  });

  it('keeps claims apart from idempotency keys: no client key takes a value, none is read as a claim', async () => {
    const store = accounts();
    for (const key of ['email#victim@example.com', 'unique#Account#email#victim@example.com']) {
      expect((await store.createOnce({ email: `${randomUUID()}@example.com`, name: 'Keyed' }, key)).replayed).toBe(false);
    }
    const victim = await store.create({ email: 'victim@example.com', name: 'Victim' });
    expect(await ownerOf('email', 'victim@example.com')).toBe(victim.id);
  });

  it('serves records written before the field was unique: a kept value is claimed on replace, a value another holds is never released', async () => {
    const store = accounts();
    const legacy = await writtenBeforeUnique({ email: 'old@example.com', name: 'Old' });
    await store.replace(legacy, { email: 'old@example.com', name: 'Old, renamed' });
    expect(await ownerOf('email', 'old@example.com')).toBe(legacy);

    // Two old accounts with one email: the first replace claims it; the other cannot keep it, yet can leave it or go.
    const twin = await writtenBeforeUnique({ email: 'old@example.com', name: 'Twin' });
    await expect(store.replace(twin, { email: 'old@example.com', name: 'Twin' })).rejects.toEqual(
      new UniqueFieldTakenError('Account', 'email'),
    );
    const moved = await store.replace(twin, { email: 'twin@example.com', name: 'Twin' });
    expect(moved).toMatchObject({ email: 'twin@example.com', version: 2 });
    expect(await ownerOf('email', 'old@example.com')).toBe(legacy);
    const other = await writtenBeforeUnique({ email: 'old@example.com', name: 'Third' });
    await store.delete(other);
    await expect(store.get(other)).rejects.toEqual(new NotFoundError('Account', other));
    expect(await ownerOf('email', 'old@example.com')).toBe(legacy);
  });

  it('has exactly one winner in a 50-way race for one value', { timeout: 60_000 }, async () => {
    const store = accounts();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.create({ email: 'race@example.com', name: `Racer ${i}` })),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const reason of refused) expect(reason).toEqual(new UniqueFieldTakenError('Account', 'email'));
    const records = await scan(table.name);
    expect(records.filter((record) => record.email === 'race@example.com')).toHaveLength(1);
  });

  it('needs the keys table, and the batch loader refuses an entity with unique fields, saying why', async () => {
    const store = new DynamoDbRecordStore(ACCOUNT, { client, tableName: table.name });
    await expect(store.create({ email: 'x@example.com', name: 'X' })).rejects.toThrow(ConfigurationError);
    expect(() => new DynamoDbRecordLoader(ACCOUNT, { client, tableName: table.name })).toThrow(
      /Account has unique fields \(email, handle\): BatchWriteItem cannot keep them unique/,
    );
  });
});
