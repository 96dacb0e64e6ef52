import { randomUUID } from 'node:crypto';
import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { describe, expect, it } from 'vitest';
import { IdempotencyKeyReusedError } from './errors.js';
import { createIdempotently } from './idempotent-create.js';
import { newRecord, recordFrom } from './new-record.js';
import type { RecordDeclaration } from './record.js';
import { newRecordId } from './record-id.js';

// The block alone, for orders: nothing in it knows of items.
type Order = { sku: string; quantity: number };
const ORDER: RecordDeclaration<Order> = { entity: 'Order', fields: ['sku', 'quantity'] };
const table = useRecordsTable('idempotent-create');
const client = testDynamoDbClient();

const createOrder = (key: string, input: Order) =>
  createIdempotently({
    client,
    entity: ORDER.entity,
    tableName: table.name,
    keysTableName: table.idempotencyName,
    key,
    input,
    newRecord: (now) => newRecord(ORDER, input, newRecordId(), now),
    toRecord: (attributes) => recordFrom(ORDER, attributes),
    now: () => new Date(),
  });

describe('createIdempotently', () => {
  it('creates once, and answers a repeat with the same fields with the first record', async () => {
    const key = randomUUID();
    const first = await createOrder(key, { sku: 'A-1', quantity: 2 });
    expect(first).toMatchObject({ replayed: false, item: { sku: 'A-1', quantity: 2, version: 1 } });
    expect(await createOrder(key, { sku: 'A-1', quantity: 2 })).toEqual({ item: first.item, replayed: true });
  });

  it('refuses the same key with other fields, naming the entity', async () => {
    const key = randomUUID();
    await createOrder(key, { sku: 'A-1', quantity: 2 });
    await expect(createOrder(key, { sku: 'A-1', quantity: 3 })).rejects.toEqual(new IdempotencyKeyReusedError('Order'));
  });

  it("keeps each entity's keys apart: the same key for another entity creates, never replays", async () => {
    const key = randomUUID();
    const order = await createOrder(key, { sku: 'C-3', quantity: 1 });
    const TICKET: RecordDeclaration<Order> = { entity: 'Ticket', fields: ['sku', 'quantity'] };
    const ticket = await createIdempotently({
      client,
      entity: TICKET.entity,
      tableName: table.name,
      keysTableName: table.idempotencyName,
      key,
      input: { sku: 'C-3', quantity: 1 },
      newRecord: (now) => newRecord(TICKET, { sku: 'C-3', quantity: 1 }, newRecordId(), now),
      toRecord: (attributes) => recordFrom(TICKET, attributes),
      now: () => new Date(),
    });
    expect(ticket.replayed).toBe(false);
    expect(ticket.item.id).not.toBe(order.item.id);
  });

  it('makes one record of concurrent creates with one key', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 8 }, () => createOrder(key, { sku: 'B-2', quantity: 1 })));
    expect(new Set(results.map(({ item }) => item.id)).size).toBe(1);
    expect(results.filter(({ replayed }) => !replayed)).toHaveLength(1);
  });
});
