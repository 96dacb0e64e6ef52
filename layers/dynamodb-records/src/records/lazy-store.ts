import { idempotencyTableFrom, readConnectionConfig, tableNameFrom } from '../dynamodb/connection-config.js';
import { createDynamoDbClient, type DynamoDbClient, type DynamoDbClientHooks } from '../dynamodb/dynamodb-client.js';
import { DynamoDbRecordStore } from './dynamodb-record-store.js';
import { lazily } from './lazy.js';
import type { Fields, RecordDeclaration, RecordStore } from './record.js';

/**
 * The process's DynamoDB client, made from the environment on its first call: one per process, so every
 * store shares its connections. `hooks` let the function observe it (capacity, traces) without the
 * stores knowing of metrics or X-Ray.
 */
export function lazyDynamoDbClient(hooks: DynamoDbClientHooks = {}): DynamoDbClient {
  let client: DynamoDbClient | undefined;
  return {
    call: async (operation, input) => {
      client ??= createDynamoDbClient(readConnectionConfig(), hooks);
      return client.call(operation, input);
    },
    destroy: () => client?.destroy(),
  };
}

export interface LazyStoreOptions {
  /** The client every store of the process shares (`lazyDynamoDbClient`). */
  client: DynamoDbClient;
  /** The environment variable naming the store's table: `TABLE_NAME` for items. */
  tableVariable: string;
}

/**
 * A record store that can be handed out at import time: its table is read from the environment on its
 * first call (a missing variable is then a rejected call, not a failed Lambda init), and it is kept.
 */
export function lazyRecordStore<F extends Fields>(
  declaration: RecordDeclaration<F>,
  { client, tableVariable }: LazyStoreOptions,
): RecordStore<F> {
  return lazily(
    () =>
      new DynamoDbRecordStore(declaration, {
        client,
        tableName: tableNameFrom(process.env, tableVariable, declaration.entity),
        idempotencyTableName: idempotencyTableFrom(process.env),
      }),
  );
}
