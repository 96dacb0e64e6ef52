import { readStoreConfig } from './config.js';
import { createDocumentClient } from './dynamodb-client.js';
import { DynamoDbItemStore } from './dynamodb-item-store.js';
import type { ItemStore } from './item.js';

let store: ItemStore | undefined;

/**
 * The process-wide store: configuration is read and the DynamoDB client made on the first call,
 * then reused by every later call (and every warm Lambda invocation).
 */
function processStore(): ItemStore {
  if (!store) {
    const config = readStoreConfig();
    store = new DynamoDbItemStore({
      client: createDocumentClient(config),
      tableName: config.tableName,
      ...(config.idempotencyTableName && { idempotencyTableName: config.idempotencyTableName }),
    });
  }
  return store;
}

/** An `ItemStore` that can be handed out at import time: nothing is read or connected until it is used. */
export const defaultItemStore: ItemStore = {
  // Every argument passed on as it is (async, so that a configuration error is a rejection).
  create: async (...args) => processStore().create(...args),
  createOnce: async (...args) => processStore().createOnce(...args),
  get: async (...args) => processStore().get(...args),
  replace: async (...args) => processStore().replace(...args),
  delete: async (...args) => processStore().delete(...args),
  list: async (...args) => processStore().list(...args),
};
