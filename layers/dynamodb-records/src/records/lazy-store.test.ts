import { randomUUID } from 'node:crypto';
import { useRecordsTable } from '@items-api/test-support/dynamodb';
import { afterAll, expect, it } from 'vitest';
import { WIDGETS } from '../test-entities.js';
import { PreconditionFailedError } from './errors.js';
import { lazyDynamoDbClient, lazyRecordStore } from './lazy-store.js';

const table = useRecordsTable('default-store');
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

it('reads its configuration on first use, not at import, and then keeps one client', async () => {
  delete process.env.WIDGETS_TABLE_NAME;
  // Made with no WIDGETS_TABLE_NAME, it must not throw: Lambda would fail its init otherwise.
  const widgetStore = lazyRecordStore(WIDGETS, { client: lazyDynamoDbClient(), tableVariable: 'WIDGETS_TABLE_NAME' });
  await expect(widgetStore.get(randomUUID())).rejects.toThrow(/WIDGETS_TABLE_NAME is not set/);

  process.env.WIDGETS_TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const item = await widgetStore.create({ name: 'Lazy', price: 1, description: '' });
  await expect(widgetStore.get(item.id)).resolves.toEqual(item);

  // Configured once: later changes to the environment do not re-point the process's store.
  process.env.WIDGETS_TABLE_NAME = 'elsewhere';
  await expect(widgetStore.get(item.id)).resolves.toEqual(item);

  // Conditions reach the store: a write at a version the item is not at is refused.
  await expect(widgetStore.replace(item.id, { name: 'Stale', price: 1, description: '' }, [9])).rejects.toThrow(PreconditionFailedError);
  await expect(widgetStore.delete(item.id, [9])).rejects.toThrow(PreconditionFailedError);
});

it('hands its hooks to the one client it makes: each call observed, capacity reported', async () => {
  process.env.WIDGETS_TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const operations: string[] = [];
  const observed: string[] = [];
  const store = lazyRecordStore(WIDGETS, {
    tableVariable: 'WIDGETS_TABLE_NAME',
    client: lazyDynamoDbClient({
      onConsumedCapacity: ({ operation }) => operations.push(operation),
      observeCall: ({ operation, tableName }) => {
        observed.push(`${operation} ${tableName} started`);
        return ({ statusCode, retries, requestId }) =>
          observed.push(`${operation} ${statusCode} after ${retries} retries, ${requestId ? 'with' : 'without'} a request id`);
      },
    }),
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
