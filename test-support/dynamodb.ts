import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoDbClient, DynamoDbItemStore, type DynamoDbClient } from '@items-api/items-store';
import { deleteItemsTable, ensureIdempotencyTable, ensureItemsTable, idempotencyTableFor } from '../local/src/items-table.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';

export const TEST_REGION = 'us-east-1';

export function dynamoDbEndpoint(): string {
  return inject('dynamoDbEndpoint');
}

/** DynamoDB Local takes any credentials. */
export const TEST_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

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
  /** A store on this table, as the app would make it. */
  store(options?: Partial<ConstructorParameters<typeof DynamoDbItemStore>[0]>): DynamoDbItemStore;
}

/** A fresh items table (and its idempotency table) in DynamoDB Local for the calling test file, deleted after it. */
export function useItemsTable(purpose: string): TestTable {
  const name = uniqueTableName(purpose);
  const idempotencyName = idempotencyTableFor(name);
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  beforeAll(async () => {
    await ensureItemsTable(client, name);
    await ensureIdempotencyTable(client, idempotencyName);
  });
  afterAll(async () => {
    await deleteItemsTable(client, name);
    await deleteItemsTable(client, idempotencyName);
    client.destroy();
  });
  const documentClient = testDynamoDbClient();
  return {
    name,
    idempotencyName,
    endpoint: dynamoDbEndpoint(),
    client,
    store: (options = {}) =>
      new DynamoDbItemStore({ client: documentClient, tableName: name, idempotencyTableName: idempotencyName, ...options }),
  };
}
