// The layer's library: DynamoDB records for any entity (the blocks under records/), and the client
// they talk to DynamoDB with (dynamodb/). It knows nothing of HTTP, nor of any one entity.
export type { Fields, ListOptions, Page, RecordDeclaration, RecordStore, StoredRecord, VersionCondition } from './records/record.js';
export {
  ConfigurationError,
  ConflictError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  StoreError,
  StoreFailureError,
  StoreUnavailableError,
} from './records/errors.js';
export { DynamoDbRecordStore, type DynamoDbRecordStoreOptions } from './records/dynamodb-record-store.js';
export { lazyDynamoDbClient, lazyRecordStore, type LazyStoreOptions } from './records/lazy-store.js';
export { lazily } from './records/lazy.js';
export { MAX_CONDITION_VERSIONS } from './records/version-condition.js';
export { IDEMPOTENCY_EXPIRY_ATTRIBUTE, idempotencyTableDefinition, recordsTableDefinition, type TableDefinition } from './records/table-definition.js';
export { isRecordId } from './records/record-id.js';
export { environmentCredentials, idempotencyTableFrom, readConnectionConfig, tableNameFrom, type ConnectionConfig } from './dynamodb/connection-config.js';
export {
  createDynamoDbClient,
  type CallObserver,
  type Credentials,
  type DynamoDbCall,
  type DynamoDbCallOutcome,
  type DynamoDbClient,
  type DynamoDbClientHooks,
  type DynamoDbOperation,
} from './dynamodb/dynamodb-client.js';
export { DynamoDbError, type CancellationReason, type RetryReason } from './dynamodb/dynamodb-error.js';
export type { CapacityListener, CapacityUsage } from './dynamodb/consumed-capacity.js';
export { BATCH_WRITE_ATTEMPTS, DynamoDbRecordLoader, type CreateManyOptions, type DynamoDbRecordLoaderOptions } from './records/record-loader.js';
