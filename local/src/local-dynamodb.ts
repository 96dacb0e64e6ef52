import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { ensureIdempotencyTable, ensureItemsTable } from './items-table.js';
import type { LocalConfig } from './local-config.js';

export interface LocalDynamoDb {
  endpoint: string;
  /** True when this process started DynamoDB Local (and stops it in `stop`). */
  ownsDynamoDbLocal: boolean;
  stop(): Promise<void>;
}

/**
 * The DynamoDB the local launchers use: the one `AWS_ENDPOINT_URL_DYNAMODB` names, or DynamoDB Local
 * started here (data kept in `config.dataDir`); either way with the items and idempotency tables,
 * created when absent.
 */
export async function openLocalDynamoDb(config: LocalConfig, say: (line: string) => void): Promise<LocalDynamoDb> {
  let stop = async (): Promise<void> => undefined;
  let endpoint = config.externalEndpoint;
  if (!endpoint) {
    say(`Starting DynamoDB Local on 127.0.0.1:${config.dynamoDbLocalPort} (data in ${config.dataDir}) …`);
    const dynamoDb = await startDynamoDbLocal({ port: config.dynamoDbLocalPort, dataDir: config.dataDir });
    endpoint = dynamoDb.endpoint;
    stop = () => dynamoDb.stop();
  }
  try {
    // DynamoDB Local takes any credentials and region.
    const client = new DynamoDBClient({
      endpoint,
      region: process.env.AWS_REGION ?? 'us-east-1',
      credentials: {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    });
    try {
      if (await ensureItemsTable(client, config.tableName)) say(`Created table ${config.tableName}.`);
      if (await ensureIdempotencyTable(client, config.idempotencyTableName)) say(`Created table ${config.idempotencyTableName}.`);
    } finally {
      client.destroy();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, ownsDynamoDbLocal: !config.externalEndpoint, stop };
}
