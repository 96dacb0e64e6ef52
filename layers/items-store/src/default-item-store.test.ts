import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { useItemsTable } from '../../../test-support/dynamodb.js';
import { ItemVersionMismatchError } from './errors.js';

const table = useItemsTable('default-store');
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

it('reads its configuration on first use, not at import, and then keeps one client', async () => {
  delete process.env.TABLE_NAME;
  // Importing with no TABLE_NAME must not throw: Lambda would fail its init otherwise.
  const { defaultItemStore } = await import('./default-item-store.js');
  await expect(defaultItemStore.get(randomUUID())).rejects.toThrow(/TABLE_NAME is not set/);

  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const item = await defaultItemStore.create({ name: 'Lazy', price: 1, description: '' });
  await expect(defaultItemStore.get(item.id)).resolves.toEqual(item);

  // Configured once: later changes to the environment do not re-point the process's store.
  process.env.TABLE_NAME = 'elsewhere';
  await expect(defaultItemStore.get(item.id)).resolves.toEqual(item);

  // Conditions reach the store: a write at a version the item is not at is refused.
  await expect(defaultItemStore.replace(item.id, { name: 'Stale', price: 1, description: '' }, [9])).rejects.toThrow(ItemVersionMismatchError);
  await expect(defaultItemStore.delete(item.id, [9])).rejects.toThrow(ItemVersionMismatchError);
});

it('hands its hooks to the one client it makes: each call observed, capacity reported', async () => {
  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const { lazyItemStore } = await import('./default-item-store.js');
  const operations: string[] = [];
  const observed: string[] = [];
  const store = lazyItemStore({
    onConsumedCapacity: ({ operation }) => operations.push(operation),
    observeCall: ({ operation, tableName }) => {
      observed.push(`${operation} ${tableName} started`);
      return ({ statusCode, retries, requestId }) => observed.push(`${operation} ${statusCode} after ${retries} retries, ${requestId ? 'with' : 'without'} a request id`);
    },
  });
  const item = await store.create({ name: 'Hooked', price: 1, description: '' });
  await store.get(item.id);
  expect(operations).toEqual(['PutItem', 'GetItem']);
  expect(observed).toEqual([
    `PutItem ${table.name} started`,
    'PutItem 200 after 0 retries, with a request id',
    `GetItem ${table.name} started`,
    'GetItem 200 after 0 retries, with a request id',
  ]);
});
