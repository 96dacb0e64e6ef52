import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient, DynamoDbItemStore } from '@items-api/items-store';
import { deleteItemsTable, ensureItemsTable } from '../local/src/items-table.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';

export const TEST_REGION = 'us-east-1';

export function dynamoDbEndpoint(): string {
  return inject('dynamoDbEndpoint');
}

export function uniqueTableName(purpose: string): string {
  return `test-${purpose}-${randomUUID().slice(0, 8)}`;
}

export interface TestTable {
  readonly name: string;
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** A store on this table, as the app would make it. */
  store(options?: Partial<ConstructorParameters<typeof DynamoDbItemStore>[0]>): DynamoDbItemStore;
}

/** A fresh items table in DynamoDB Local for the calling test file, deleted after it. */
export function useItemsTable(purpose: string): TestTable {
  const name = uniqueTableName(purpose);
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  beforeAll(() => ensureItemsTable(client, name));
  afterAll(async () => {
    await deleteItemsTable(client, name);
    client.destroy();
  });
  const documentClient = createDocumentClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  return {
    name,
    endpoint: dynamoDbEndpoint(),
    client,
    store: (options = {}) => new DynamoDbItemStore({ client: documentClient, tableName: name, ...options }),
  };
}
