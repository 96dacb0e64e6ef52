import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StoreConfig } from './config.js';

export function createDocumentClient(config: Pick<StoreConfig, 'region' | 'endpoint'>): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(config.region && { region: config.region }),
    ...(config.endpoint && { endpoint: config.endpoint }),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
