import { openLocalDynamoDb } from '@items-api/dynamodb-local/local-dynamodb';
import { standInAwsVariables } from '@items-api/dynamodb-local/stand-in-aws';
import { startServer } from '@items-api/function/server';
import { readLocalConfig } from './local-config.js';
import { historyLine, startLocalHistory } from './local-history.js';
import { Shutdown } from './shutdown.js';

// `npm start`: the API on http://127.0.0.1:3000 with no AWS account and no Docker. Unless
// AWS_ENDPOINT_URL_DYNAMODB names a DynamoDB to use, it runs DynamoDB Local (data kept in
// .data/dynamodb), creates the table when absent, and stops DynamoDB Local when it stops. The history
// consumer runs in this process too, fed by the tables' streams as Lambda's event source mapping would.

const shutdown = new Shutdown();
try {
  const config = readLocalConfig();
  const dynamoDb = await openLocalDynamoDb(config, (line) => console.log(line));
  shutdown.onStop(() => dynamoDb.stop());

  // The app reads its configuration from the environment, as on Lambda. DynamoDB Local takes any
  // credentials and region, so stand-ins are given where none are set.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoDb.endpoint;
  for (const { variable, tableName } of config.resourceTables) process.env[variable] = tableName;
  process.env.IDEMPOTENCY_TABLE_NAME = config.idempotencyTableName;
  process.env.HISTORY_TABLE_NAME = config.historyTableName;
  Object.assign(process.env, standInAwsVariables());

  const history = await startLocalHistory(config, dynamoDb.endpoint, (line) => console.log(line));
  shutdown.onStop(() => Promise.all(history.map((mapping) => mapping.stop())));
  const server = await startServer();
  shutdown.onStop(() => server.close());
  console.log(`
Items API   ${server.url}
  items     ${server.url}items
  Swagger   ${server.url}docs
  ReDoc     ${server.url}redoc
  OpenAPI   ${server.url}openapi.json
DynamoDB    ${dynamoDb.endpoint} (tables ${config.resourceTables.map((table) => table.tableName).join(', ')})${historyLine(config)}
Ctrl-C stops the API${dynamoDb.ownsDynamoDbLocal ? ' and DynamoDB Local' : ''}.`);
} catch (error) {
  await shutdown.fail(error);
}
