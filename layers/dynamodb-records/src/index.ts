// The layer's library: DynamoDB records for any entity (the blocks under records/), the client
// they talk to DynamoDB with (dynamodb/), and the parsers every setting of the project is read with
// (settings/). It knows nothing of HTTP, nor of any one entity.

export {
  type ConnectionConfig,
  environmentCredentials,
  idempotencyTableFrom,
  readConnectionConfig,
  tableNameFrom,
} from './dynamodb/connection-config.js';
export type { CapacityListener, CapacityUsage } from './dynamodb/consumed-capacity.js';
export {
  type CallObserver,
  type Credentials,
  createDynamoDbClient,
  type DynamoDbCall,
  type DynamoDbCallOutcome,
  type DynamoDbClient,
  type DynamoDbClientHooks,
  type DynamoDbOperation,
} from './dynamodb/dynamodb-client.js';
export { type CancellationReason, DynamoDbError, type RetryReason } from './dynamodb/dynamodb-error.js';
export { DynamoDbHistoryStore, type DynamoDbHistoryStoreOptions } from './history/dynamodb-history-store.js';
export { type ChangeType, HISTORY_TABLE_VARIABLE, type HistoryEntry, type HistoryStore } from './history/history-entry.js';
export { historyTableDefinition } from './history/history-table.js';
export { type LazyHistoryStoreOptions, lazyHistoryStore } from './history/lazy-history-store.js';
export { historyEntryOf, MalformedStreamRecordError } from './history/stream-change.js';
export { DynamoDbRecordStore, type DynamoDbRecordStoreOptions } from './records/dynamodb-record-store.js';
export {
  ConflictError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  StoreError,
  StoreFailureError,
  StoreUnavailableError,
  UniqueFieldTakenError,
} from './records/errors.js';
export { lazily } from './records/lazy.js';
export { type LazyStoreOptions, lazyDynamoDbClient, lazyRecordStore } from './records/lazy-store.js';
export type {
  AnyKeyField,
  Fields,
  IndexDeclaration,
  IndexDeclarations,
  KeyField,
  KeyType,
  ListOptions,
  Page,
  QueryOptions,
  RecordDeclaration,
  RecordStore,
  SortCondition,
  StoredRecord,
  VersionCondition,
} from './records/record.js';
export { isRecordId } from './records/record-id.js';
export {
  BATCH_WRITE_ATTEMPTS,
  type CreateManyOptions,
  DynamoDbRecordLoader,
  type DynamoDbRecordLoaderOptions,
} from './records/record-loader.js';
export {
  type AttributeDefinition,
  type GlobalSecondaryIndexDefinition,
  IDEMPOTENCY_EXPIRY_ATTRIBUTE,
  idempotencyTableDefinition,
  type KeySchemaElement,
  recordsTableDefinition,
  type TableDefinition,
} from './records/table-definition.js';
export { MAX_CONDITION_VERSIONS } from './records/version-condition.js';
export { WRITE_TOKEN_ATTRIBUTE } from './records/write-token.js';
export { ConfigurationError } from './settings/configuration-error.js';
export { booleanSetting, choiceSetting, listSetting, portSetting, stringSetting } from './settings/env-values.js';
