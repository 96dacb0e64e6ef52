import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION } from '@items-api/dynamodb-local/stand-in-aws';
import { deleteTable, ensureIdempotencyTable, ensureRecordsTable, idempotencyTableFor } from '@items-api/dynamodb-local/tables';
import {
  createDynamoDbClient,
  type DynamoDbClient,
  DynamoDbRecordStore,
  type DynamoDbRecordStoreOptions,
  type StoredRecord,
} from '@items-api/dynamodb-records';
import { type InputOf, type items, itemsTable } from '@items-api/function/resources';
import { afterAll, beforeAll, inject } from 'vitest';

export const TEST_REGION = STAND_IN_REGION;

/** What a client sets on an item, and an item as stored: the API's own declaration. */
export type TestItemInput = InputOf<typeof items.fields>;
export type TestItem = StoredRecord<TestItemInput>;
export type TestItemStore = DynamoDbRecordStore<TestItemInput>;

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
  readonly name: string;
  /** The table of `Idempotency-Key`s that goes with it. */
  readonly idempotencyName: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** An items store on this table, as the app would make it. */
  store(options?: Partial<DynamoDbRecordStoreOptions>): TestItemStore;
}

/** A fresh items table (and its idempotency table) in DynamoDB Local for the calling test file, deleted after it. */
export function useItemsTable(purpose: string): TestTable {
  const name = uniqueTableName(purpose);
  const idempotencyName = idempotencyTableFor(name);
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  beforeAll(async () => {
    await ensureRecordsTable(client, name);
    await ensureIdempotencyTable(client, idempotencyName);
  });
  afterAll(async () => {
    await deleteTable(client, name);
    await deleteTable(client, idempotencyName);
    client.destroy();
  });
  const documentClient = testDynamoDbClient();
  return {
    name,
    idempotencyName,
    endpoint: dynamoDbEndpoint(),
    client,
    store: (options = {}) =>
      new DynamoDbRecordStore(itemsTable.declaration, {
        client: documentClient,
        tableName: name,
        idempotencyTableName: idempotencyName,
        ...options,
      }),
  };
}
