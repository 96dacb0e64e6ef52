import { readStoreConfig } from './config.js';
import { createDynamoDbClient, type DynamoDbClientHooks } from './dynamodb-client.js';
import { DynamoDbItemStore } from './dynamodb-item-store.js';
import type { ItemStore } from './item.js';

/**
 * An `ItemStore` that can be handed out at import time: configuration is read from the environment
 * and the DynamoDB client made on the first call, then reused by every later call (and every warm
 * Lambda invocation). `hooks` let the function observe the client (capacity, traces) without the
 * store knowing of metrics or X-Ray.
 */
export function lazyItemStore(hooks: DynamoDbClientHooks = {}): ItemStore {
  let store: ItemStore | undefined;
  const processStore = (): ItemStore => {
    if (!store) {
      const config = readStoreConfig();
      store = new DynamoDbItemStore({
        client: createDynamoDbClient(config, hooks),
        tableName: config.tableName,
        ...(config.idempotencyTableName && { idempotencyTableName: config.idempotencyTableName }),
      });
    }
    return store;
  };
  return {
    // Every argument passed on as it is (async, so that a configuration error is a rejection).
    create: async (...args) => processStore().create(...args),
    createOnce: async (...args) => processStore().createOnce(...args),
    get: async (...args) => processStore().get(...args),
    replace: async (...args) => processStore().replace(...args),
    delete: async (...args) => processStore().delete(...args),
    list: async (...args) => processStore().list(...args),
  };
}

/** The process-wide store with a plain client. */
export const defaultItemStore: ItemStore = lazyItemStore();
