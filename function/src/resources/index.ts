import {
  type DynamoDbClientHooks,
  type Fields,
  HISTORY_TABLE_VARIABLE,
  type HistoryStore,
  lazyDynamoDbClient,
  lazyHistoryStore,
  lazyRecordStore,
  type RecordStore,
} from '@items-api/dynamodb-records';
import { items } from './items/items-resource.js';
import { itemsTable } from './items/items-table.js';
import type { AnyResource, FieldsOf } from './resource.js';
import type { ResourceTable } from './resource-table.js';

export { withComputedFields } from './computed-fields.js';
export { items } from './items/items-resource.js';
export { itemsTable } from './items/items-table.js';
export { recordDeclarationOf } from './record-declaration.js';
export { type AnyResource, defineResource, type FieldsOf, type InputOf, type Resource, type StoreOf } from './resource.js';
export { type Random, type ResourceTable, resourceTable, tableResourceOf } from './resource-table.js';

/** Every resource the API serves: a route, a table and a place in the docs each. */
export const RESOURCES = [items] as const;

/** Where each of `RESOURCES` is kept, and its sample data: what the entry points and tooling need. */
export const RESOURCE_TABLES = [itemsTable] as const satisfies readonly ResourceTable[];

/** A store per resource of `R`, by its name: what it keeps of each. */
export type StoresOf<R extends readonly AnyResource[]> = { [T in R[number] as T['name']]: RecordStore<FieldsOf<T>> };

/**
 * Where, among the stores, the history of every resource that declares `history` is kept: a symbol, as
 * any string may be a resource's name.
 */
export const HISTORY_STORE = Symbol('history store');

/** The history store, beside the resources' stores. */
export interface HistoryStores {
  [HISTORY_STORE]: HistoryStore;
}

/** A store per resource the API serves, and the history store. */
export type Stores = StoresOf<typeof RESOURCES> & HistoryStores;

/**
 * A store per resource, and the history store, that can be handed out at init: each reads its table
 * from the environment on first use, and all share one DynamoDB client, made on first use too and
 * observed by `hooks`.
 */
export function lazyStores(hooks: DynamoDbClientHooks = {}): Stores {
  const client = lazyDynamoDbClient(hooks);
  const stores: Record<string, RecordStore<Fields>> = {};
  // Each table as any resource's: the store is typed by `Stores` below, not by the loop.
  const tables: readonly ResourceTable[] = RESOURCE_TABLES;
  for (const table of tables) {
    stores[table.name] = lazyRecordStore(table.declaration, { client, tableVariable: table.tableVariable });
  }
  return {
    ...(stores as StoresOf<typeof RESOURCES>),
    [HISTORY_STORE]: lazyHistoryStore({ client, tableVariable: HISTORY_TABLE_VARIABLE }),
  };
}
