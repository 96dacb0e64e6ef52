export type { Item, ItemInput, ItemPage, ItemStore, ListOptions, VersionCondition } from './item.js';
export {
  ConfigurationError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  ItemConflictError,
  ItemNotFoundError,
  ItemStoreError,
  ItemVersionMismatchError,
  StoreFailureError,
  StoreUnavailableError,
} from './errors.js';
export { environmentCredentials, readStoreConfig, type StoreConfig } from './config.js';
export {
  createDynamoDbClient,
  type CallObserver,
  type Credentials,
  type DynamoDbCall,
  type DynamoDbCallOutcome,
  type DynamoDbClient,
  type DynamoDbClientHooks,
  type DynamoDbOperation,
} from './dynamodb-client.js';
export { DynamoDbError, type CancellationReason, type RetryReason } from './dynamodb-error.js';
export type { CapacityListener, CapacityUsage } from './consumed-capacity.js';
export { DynamoDbItemStore, MAX_CONDITION_VERSIONS, type DynamoDbItemStoreOptions } from './dynamodb-item-store.js';
export { BATCH_WRITE_ATTEMPTS, DynamoDbItemLoader, type CreateManyOptions, type DynamoDbItemLoaderOptions } from './dynamodb-item-loader.js';
export { defaultItemStore, lazyItemStore } from './default-item-store.js';
export { IDEMPOTENCY_EXPIRY_ATTRIBUTE, idempotencyTableDefinition, itemsTableDefinition } from './table-definition.js';
export { isItemId } from './item-id.js';
