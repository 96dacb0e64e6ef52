import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@items-api/items-store';

export interface ProbeConfig {
  endpoint: string;
  region: string;
  tableName: string;
  itemId: string;
}

/**
 * The DynamoDB calls the handler's store makes for GET, POST and LIST, made with the SDK alone and the
 * store's client settings. Bundled by the benchmark and loaded into the same process as the handler,
 * so that each handler call is paired with its bare round trip.
 */
export function sdkProbe({ endpoint, region, tableName, itemId }: ProbeConfig): Record<'get' | 'post' | 'list', () => Promise<unknown>> {
  const client = createDocumentClient({ endpoint, region });
  return {
    get: () => client.send(new GetCommand({ TableName: tableName, Key: { id: itemId }, ConsistentRead: true })),
    post: () => {
      const now = new Date().toISOString();
      const Item = { id: randomUUID(), name: 'Bench', price: 1, description: 'Made by the benchmark.', version: 1, createdAt: now, updatedAt: now };
      return client.send(new PutCommand({ TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(id)' }));
    },
    // The store reads one item more than a page, to know whether another page follows.
    list: () => client.send(new ScanCommand({ TableName: tableName, Limit: 101, ConsistentRead: true })),
  };
}
