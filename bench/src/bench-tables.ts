import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ensureItemsTable } from '@items-api/local/items-table';

export interface SetupClients {
  dynamoDb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
}

/** DynamoDB Local clients for the benchmark's own setup (tables, seed data). */
export function setupClients(endpoint: string, region: string): SetupClients {
  const dynamoDb = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { dynamoDb, documents: DynamoDBDocumentClient.from(dynamoDb) };
}

/** A new items table holding `count` items shaped like the API's; returns its name and the ids. */
export async function seededTable(clients: SetupClients, prefix: string, count: number): Promise<{ tableName: string; ids: string[] }> {
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureItemsTable(clients.dynamoDb, tableName);
  const ids: string[] = [];
  const now = new Date().toISOString();
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, i) => {
      const id = randomUUID();
      ids.push(id);
      const item = { id, name: `Item ${start + i}`, price: 100 + i, description: 'Seeded for the benchmark.', version: 1, createdAt: now, updatedAt: now };
      return { PutRequest: { Item: item } };
    });
    let unprocessed: BatchWriteCommandInput['RequestItems'] | undefined = { [tableName]: batch };
    while (unprocessed && Object.keys(unprocessed).length > 0) {
      const result: { UnprocessedItems?: BatchWriteCommandInput['RequestItems'] } = await clients.documents.send(
        new BatchWriteCommand({ RequestItems: unprocessed }),
      );
      unprocessed = result.UnprocessedItems;
    }
  }
  return { tableName, ids };
}
