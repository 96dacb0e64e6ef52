import { type DynamoDbClientHooks, lazyDynamoDbClient, lazyRecordStore, type RecordStore } from '@items-api/dynamodb-records';
import { items } from './items/items-resource.js';
import type { InputOf, Resource } from './resource.js';

export { items } from './items/items-resource.js';
export { type InputOf, type Random, type Resource, tableResourceOf } from './resource.js';

/** Every resource the API serves: a route, a table and a place in the docs each. */
export const RESOURCES = [items] as const;

type Served = (typeof RESOURCES)[number];

/** A store per resource, by its name. */
export type Stores = { [R in Served as R['name']]: RecordStore<InputOf<R['fields']>> };

/**
 * A store per resource that can be handed out at init: each reads its table from the environment on
 * first use, and all share one DynamoDB client, made on first use too and observed by `hooks`.
 */
export function lazyStores(hooks: DynamoDbClientHooks = {}): Stores {
  const client = lazyDynamoDbClient(hooks);
  return Object.fromEntries(
    (RESOURCES as readonly Resource[]).map((resource) => [
      resource.name,
      lazyRecordStore(resource.declaration, { client, tableVariable: resource.tableVariable }),
    ]),
  ) as Stores;
}
