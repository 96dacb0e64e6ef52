import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { expect, it } from 'vitest';
import { WIDGETS } from '../test-entities.js';
import type { CapacityUsage } from './consumed-capacity.js';
import type { DynamoDbClient } from './dynamodb-client.js';

const table = useRecordsTable('capacity');
const input = { name: 'Cup', price: 1250, description: 'Porcelain' };

it('reports the capacity of each call, per operation and per table, transactions included', async () => {
  const usages: CapacityUsage[] = [];
  const client = testDynamoDbClient({ onConsumedCapacity: (usage) => usages.push(usage) });
  const store = table.store(WIDGETS, { client });

  const item = await store.create(input);
  await store.get(item.id);
  await store.createOnce(input, 'capacity-key');
  client.destroy();

  const calls = usages.map(({ operation, table: name }) => `${operation} ${name}`);
  expect(calls.slice(0, 2)).toEqual([`PutItem ${table.name}`, `GetItem ${table.name}`]);
  expect(calls.slice(2).sort()).toEqual([`TransactWriteItems ${table.name}`, `TransactWriteItems ${table.idempotencyName}`].sort());
  for (const usage of usages) expect(usage.capacityUnits).toBeGreaterThan(0);
});

it('leaves the calls of a client without a listener as they are: no consumed capacity asked for', async () => {
  const client = testDynamoDbClient();
  const sent: Record<string, unknown>[] = [];
  const watching: DynamoDbClient = {
    destroy: () => client.destroy(),
    call: (operation, request) => {
      sent.push(request);
      return client.call(operation, request);
    },
  };
  const store = table.store(WIDGETS, { client: watching });
  const item = await store.create(input);
  const output = await client.call<Record<string, unknown>>('GetItem', { TableName: table.name, Key: { id: { S: item.id } } });
  expect(sent.every((request) => !('ReturnConsumedCapacity' in request))).toBe(true);
  expect(output).not.toHaveProperty('ConsumedCapacity');
  client.destroy();
});
