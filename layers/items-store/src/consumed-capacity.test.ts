import { expect, it } from 'vitest';
import { dynamoDbEndpoint, TEST_REGION, useItemsTable } from '../../../test-support/dynamodb.js';
import type { CapacityUsage } from './consumed-capacity.js';
import { createDocumentClient } from './dynamodb-client.js';

const table = useItemsTable('capacity');
const input = { name: 'Cup', price: 1250, description: 'Porcelain' };

it('reports the capacity of each call, per operation and per table, transactions included', async () => {
  const usages: CapacityUsage[] = [];
  const client = createDocumentClient(
    { endpoint: dynamoDbEndpoint(), region: TEST_REGION },
    { onConsumedCapacity: (usage) => usages.push(usage) },
  );
  const store = table.store({ client });

  const item = await store.create(input);
  await store.get(item.id);
  await store.createOnce(input, 'capacity-key');
  client.destroy();

  const calls = usages.map(({ operation, table: name }) => `${operation} ${name}`);
  expect(calls.slice(0, 2)).toEqual([`PutItem ${table.name}`, `GetItem ${table.name}`]);
  expect(calls.slice(2).sort()).toEqual([`TransactWriteItems ${table.name}`, `TransactWriteItems ${table.idempotencyName}`]);
  for (const usage of usages) expect(usage.capacityUnits).toBeGreaterThan(0);
});

it('leaves a client without a listener as it was: no consumed capacity asked for', async () => {
  const client = createDocumentClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  const store = table.store({ client });
  await store.create(input);
  expect(client.middlewareStack.identify().some((name) => name.startsWith('reportConsumedCapacity'))).toBe(false);
  client.destroy();
});
