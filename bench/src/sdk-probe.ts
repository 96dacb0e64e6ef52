import { randomUUID } from 'node:crypto';
import { createDynamoDbClient, environmentCredentials } from '@items-api/dynamodb-records';

export interface ProbeConfig {
  endpoint: string;
  region: string;
  tableName: string;
  itemId: string;
}

/**
 * The DynamoDB calls the handler's store makes for GET, POST and LIST, made with the store's client
 * alone (its settings, no store, no app). Bundled by the benchmark and loaded into the same process as
 * the handler, so that each handler call is paired with its bare round trip.
 */
export function sdkProbe({ endpoint, region, tableName, itemId }: ProbeConfig): Record<'get' | 'post' | 'list', () => Promise<unknown>> {
  const client = createDynamoDbClient({ endpoint, region, credentials: environmentCredentials() });
  return {
    get: () => client.call('GetItem', { TableName: tableName, Key: { id: { S: itemId } }, ConsistentRead: true }),
    post: () => {
      const now = new Date().toISOString();
      const Item = {
        id: { S: randomUUID() },
        name: { S: 'Bench' },
        price: { N: '1' },
        description: { S: 'Made by the benchmark.' },
        version: { N: '1' },
        createdAt: { S: now },
        updatedAt: { S: now },
      };
      return client.call('PutItem', { TableName: tableName, Item, ConditionExpression: 'attribute_not_exists(id)' });
    },
    // The store reads one item more than a page, to know whether another page follows.
    list: () => client.call('Scan', { TableName: tableName, Limit: 101, ConsistentRead: true }),
  };
}
