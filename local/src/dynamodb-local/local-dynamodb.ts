import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalConfig } from '../launchers/local-config.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { standInAws } from './stand-in-aws.js';
import { ensureIdempotencyTable, ensureRecordsTable } from './tables.js';

export interface LocalDynamoDb {
  endpoint: string;
  /** True when this process started DynamoDB Local (and stops it in `stop`). */
  ownsDynamoDbLocal: boolean;
  stop(): Promise<void>;
}

/**
 * The DynamoDB the local launchers use: the one `AWS_ENDPOINT_URL_DYNAMODB` names, or DynamoDB Local
 * started here (data kept in `config.dataDir`); either way with a table per resource and the idempotency table,
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
    const client = new DynamoDBClient({ endpoint, ...standInAws() });
    try {
      for (const { tableName } of config.resourceTables)
        if (await ensureRecordsTable(client, tableName)) say(`Created table ${tableName}.`);
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
