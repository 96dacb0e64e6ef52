import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION } from '@items-api/dynamodb-local/stand-in-aws';
import {
  deleteTable,
  ensureIdempotencyTable,
  ensureRecordsTable,
  idempotencyTableFor,
  recordsTableFor,
} from '@items-api/dynamodb-local/tables';
import {
  createDynamoDbClient,
  type DynamoDbClient,
  DynamoDbRecordStore,
  type DynamoDbRecordStoreOptions,
  type Fields,
  type IndexDeclarations,
  type RecordDeclaration,
} from '@items-api/dynamodb-records';
import { afterAll, beforeAll, inject } from 'vitest';

// A table per test file in the run's DynamoDB Local, for records of any entity: the tests of the
// layer bring their own entity, the function's its resources (items-table.ts).

export const TEST_REGION = STAND_IN_REGION;

export function dynamoDbEndpoint(): string {
  return inject('dynamoDbEndpoint');
}

/** DynamoDB Local takes any credentials. */
export const TEST_CREDENTIALS = STAND_IN_CREDENTIALS;

/** The store's own client on the test run's DynamoDB Local. */
export function testDynamoDbClient(hooks?: Parameters<typeof createDynamoDbClient>[1]): DynamoDbClient {
  return createDynamoDbClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION, credentials: TEST_CREDENTIALS }, hooks);
}

export function uniqueTableName(purpose: string): string {
  return `test-${purpose}-${randomUUID().slice(0, 8)}`;
}

export interface TestTable {
  /** What the file's tables are named after: the records table is `<prefix>-<resource>`. */
  readonly prefix: string;
  readonly name: string;
  /** The table of `Idempotency-Key`s (and unique fields' claims) that goes with it: `<prefix>-idempotency`. */
  readonly idempotencyName: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** A store of `declaration`'s records on this table, as the app would make one. */
  store<F extends Fields>(declaration: RecordDeclaration<F>, options?: Partial<DynamoDbRecordStoreOptions>): DynamoDbRecordStore<F>;
}

/**
 * A fresh records table (and its idempotency table) in DynamoDB Local for the calling test file,
 * deleted after it; named as `templateTables` names a resource's, so that the runner can be pointed at it.
 * With `indexes` (a declaration's), the table has them, for the store's queries.
 */
export function useRecordsTable(purpose: string, resource = 'records', indexes?: IndexDeclarations): TestTable {
  const prefix = uniqueTableName(purpose);
  const name = recordsTableFor(prefix, resource);
  const idempotencyName = idempotencyTableFor(prefix);
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  beforeAll(async () => {
    await ensureRecordsTable(client, name, indexes);
    await ensureIdempotencyTable(client, idempotencyName);
  });
  afterAll(async () => {
    await deleteTable(client, name);
    await deleteTable(client, idempotencyName);
    client.destroy();
  });
  const documentClient = testDynamoDbClient();
  return {
    prefix,
    name,
    idempotencyName,
    endpoint: dynamoDbEndpoint(),
    client,
    store: (declaration, options = {}) =>
      new DynamoDbRecordStore(declaration, {
        client: documentClient,
        tableName: name,
        idempotencyTableName: idempotencyName,
        ...options,
      }),
  };
}
