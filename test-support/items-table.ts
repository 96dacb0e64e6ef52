import type { DynamoDbRecordStore, DynamoDbRecordStoreOptions } from '@items-api/dynamodb-records';
import { type FieldsOf, type items, itemsTable } from '@items-api/function/resources';
import { type TestTable, useRecordsTable } from './dynamodb.js';

// The function's tests keep items, the API's own resource; the generic table is in dynamodb.ts.

export interface ItemsTestTable extends Omit<TestTable, 'store'> {
  /** An items store on this table, as the app would make it. */
  store(options?: Partial<DynamoDbRecordStoreOptions>): DynamoDbRecordStore<FieldsOf<typeof items>>;
}

/**
 * A fresh items table (`<prefix>-items`, with the indexes items declare, and `<prefix>-idempotency`) for
 * the calling test file, deleted after it: the table the app is deployed with.
 */
export function useItemsTable(purpose: string): ItemsTestTable {
  const table = useRecordsTable(purpose, itemsTable.name, itemsTable.declaration.indexes);
  return { ...table, store: (options) => table.store(itemsTable.declaration, options) };
}
