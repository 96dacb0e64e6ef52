import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startServer, type RunningServer } from '@items-api/function/server';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { ensureItemsTable } from './items-table.js';
import { readLocalConfig } from './local-config.js';

// `npm start`: the API on http://127.0.0.1:3000 with no AWS account and no Docker. Unless
// AWS_ENDPOINT_URL_DYNAMODB names a DynamoDB to use, it runs DynamoDB Local (data kept in
// .data/dynamodb), creates the table when absent, and stops DynamoDB Local when it stops.

const config = readLocalConfig();
let dynamoDb: DynamoDbLocal | undefined;
let server: RunningServer | undefined;
let stopping = false;

async function stop(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await server?.close().catch(() => undefined);
    await dynamoDb?.stop();
  }
  process.exit(exitCode);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(0));

try {
  if (!config.externalEndpoint) {
    console.log(`Starting DynamoDB Local on 127.0.0.1:${config.dynamoDbLocalPort} (data in ${config.dataDir}) …`);
    dynamoDb = await startDynamoDbLocal({ port: config.dynamoDbLocalPort, dataDir: config.dataDir });
  }
  const endpoint = config.externalEndpoint ?? dynamoDb!.endpoint;

  // The app reads its configuration from the environment, as on Lambda. DynamoDB Local takes any
  // credentials and region, so stand-ins are given where none are set.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  process.env.TABLE_NAME = config.tableName;
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

  const client = new DynamoDBClient({ endpoint, region: process.env.AWS_REGION });
  if (await ensureItemsTable(client, config.tableName)) console.log(`Created table ${config.tableName}.`);
  client.destroy();

  server = await startServer();
  console.log(`
Items API   ${server.url}
  items     ${server.url}items
  Swagger   ${server.url}docs
  ReDoc     ${server.url}redoc
  OpenAPI   ${server.url}openapi.json
DynamoDB    ${endpoint} (table ${config.tableName})
Ctrl-C stops the API${dynamoDb ? ' and DynamoDB Local' : ''}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop(1);
}
