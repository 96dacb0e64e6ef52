import { tableNameFrom } from '../dynamodb/connection-config.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { lazily } from '../records/lazy.js';
import type { Fields } from '../records/record.js';
import { DynamoDbHistoryStore } from './dynamodb-history-store.js';
import { HISTORY_TABLE_VARIABLE, type HistoryStore } from './history-entry.js';

export interface LazyHistoryStoreOptions {
  /** The client every store of the process shares (`lazyDynamoDbClient`). */
  client: DynamoDbClient;
  /** The environment variable naming the history table: `HISTORY_TABLE_NAME` unless told. */
  tableVariable?: string;
}

/**
 * A history store that can be handed out at import time, as `lazyRecordStore`: its table is read from
 * the environment on its first call (a missing variable is then a rejected call naming it, not a failed
 * Lambda init), and kept.
 */
export function lazyHistoryStore<F extends Fields = Fields>({
  client,
  tableVariable = HISTORY_TABLE_VARIABLE,
}: LazyHistoryStoreOptions): HistoryStore<F> {
  return lazily(() => new DynamoDbHistoryStore<F>({ client, tableName: tableNameFrom(process.env, tableVariable, 'History') }));
}
