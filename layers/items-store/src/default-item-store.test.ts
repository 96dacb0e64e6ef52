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

it('hands its hooks to the one client it makes: instrumented once, capacity reported', async () => {
  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const { lazyItemStore } = await import('./default-item-store.js');
  const operations: string[] = [];
  let instrumented = 0;
  const store = lazyItemStore({
    onConsumedCapacity: ({ operation }) => operations.push(operation),
    instrument: (client) => {
      instrumented += 1;
      return client;
    },
  });
  expect(instrumented).toBe(0);
  const item = await store.create({ name: 'Hooked', price: 1, description: '' });
  await store.get(item.id);
  expect(instrumented).toBe(1);
  expect(operations).toEqual(['PutItem', 'GetItem']);
});
