import { resolve } from 'node:path';
import { idempotencyTableFor } from './items-table.js';

export interface LocalConfig {
  /** A DynamoDB the user already runs; when unset, `npm start` runs DynamoDB Local itself. */
  externalEndpoint: string | undefined;
  dynamoDbLocalPort: number;
  dataDir: string;
  tableName: string;
  /** Where `Idempotency-Key`s are recorded: `IDEMPOTENCY_TABLE_NAME`, by default `<tableName>-idempotency`. */
  idempotencyTableName: string;
  /** Where `npm run start:lambda` serves the API Gateway stand-in. */
  lambdaRunnerPort: number;
}

/** Everything `npm start` and `npm run start:lambda` read from the environment, read once. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    externalEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB?.trim() || undefined,
    dynamoDbLocalPort: portNumber(env, 'DYNAMODB_LOCAL_PORT', 8765),
    dataDir: resolve(env.DYNAMODB_LOCAL_DATA_DIR?.trim() || '.data/dynamodb'),
    tableName: env.TABLE_NAME?.trim() || 'items',
    idempotencyTableName: env.IDEMPOTENCY_TABLE_NAME?.trim() || idempotencyTableFor(env.TABLE_NAME?.trim() || 'items'),
    lambdaRunnerPort: portNumber(env, 'LAMBDA_RUNNER_PORT', 3001),
  };
}

function portNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const port = Number(env[name]?.trim() || fallback);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`${name} must be a port number, not ${JSON.stringify(env[name])}.`);
  }
  return port;
}
