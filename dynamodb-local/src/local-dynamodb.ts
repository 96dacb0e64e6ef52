import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { IndexDeclarations } from '@items-api/dynamodb-records';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { standInAws } from './stand-in-aws.js';
import { ensureHistoryTable, ensureIdempotencyTable, ensureRecordsTable } from './tables.js';

/** Where the local DynamoDB is and which tables it must have: what the launchers' settings say. */
export interface LocalDynamoDbOptions {
  /** A DynamoDB already running; when unset, DynamoDB Local is started on `dynamoDbLocalPort`. */
  externalEndpoint: string | undefined;
  dynamoDbLocalPort: number;
  dataDir: string;
  /** A records table each, with the indexes its declaration names, and a stream when its changes are kept. */
  resourceTables: readonly { tableName: string; indexes?: IndexDeclarations | undefined; stream?: boolean | undefined }[];
  idempotencyTableName: string;
  /** The history table, made when a resource table streams its changes. */
  historyTableName?: string | undefined;
}

export interface LocalDynamoDb {
  endpoint: string;
  /** True when this process started DynamoDB Local (and stops it in `stop`). */
  ownsDynamoDbLocal: boolean;
  stop(): Promise<void>;
}

/**
 * The DynamoDB the local launchers use: the one `AWS_ENDPOINT_URL_DYNAMODB` names, or DynamoDB Local
 * started here (data kept in `config.dataDir`); either way with each of `config.resourceTables` and the idempotency table,
 * created when absent, and each resource table's declared indexes and stream, added when absent; with
 * the history table too when a resource table streams its changes.
 */
export async function openLocalDynamoDb(config: LocalDynamoDbOptions, say: (line: string) => void): Promise<LocalDynamoDb> {
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
      for (const { tableName, indexes, stream } of config.resourceTables) {
        const { created, addedIndexes, addedStream } = await ensureRecordsTable(client, tableName, indexes, { stream });
        if (created) say(`Created table ${tableName}${stream ? ' (with a stream of its changes)' : ''}.`);
        for (const index of addedIndexes) say(`Added index ${index} to table ${tableName}.`);
        if (addedStream) say(`Turned on the stream of table ${tableName}.`);
      }
      if (await ensureIdempotencyTable(client, config.idempotencyTableName)) say(`Created table ${config.idempotencyTableName}.`);
      const streamed = config.resourceTables.some(({ stream }) => stream);
      if (streamed && config.historyTableName && (await ensureHistoryTable(client, config.historyTableName))) {
        say(`Created table ${config.historyTableName}.`);
      }
    } finally {
      client.destroy();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, ownsDynamoDbLocal: !config.externalEndpoint, stop };
}
