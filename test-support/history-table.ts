import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { deleteTable, ensureHistoryTable, historyTableFor } from '@items-api/dynamodb-local/tables';
import { DynamoDbHistoryStore, type DynamoDbHistoryStoreOptions, type Fields } from '@items-api/dynamodb-records';
import { afterAll, beforeAll } from 'vitest';
import { dynamoDbEndpoint, TEST_REGION, testDynamoDbClient, uniqueTableName } from './dynamodb.js';

// Every resource's history is kept in one table; a test file gets one of its own, as it does a records table.

export interface HistoryTestTable {
  readonly name: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** A history store on this table, as the app would make one. */
  store<F extends Fields = Fields>(options?: Partial<DynamoDbHistoryStoreOptions>): DynamoDbHistoryStore<F>;
}

/** A fresh history table (`<prefix>-history`) in DynamoDB Local for the calling test file, deleted after it. */
export function useHistoryTable(purpose: string): HistoryTestTable {
  const name = historyTableFor(uniqueTableName(purpose));
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  beforeAll(async () => {
    await ensureHistoryTable(client, name);
  });
  afterAll(async () => {
    await deleteTable(client, name);
    client.destroy();
  });
  const storeClient = testDynamoDbClient();
  return {
    name,
    endpoint: dynamoDbEndpoint(),
    client,
    store: <F extends Fields = Fields>(options: Partial<DynamoDbHistoryStoreOptions> = {}) =>
      new DynamoDbHistoryStore<F>({ client: storeClient, tableName: name, ...options }),
  };
}
