import { resolve } from 'node:path';
import { idempotencyTableFor } from '@items-api/dynamodb-local/tables';
import { portSetting } from '@items-api/function/env-values';
import { RESOURCE_TABLES } from '@items-api/function/resources';

export interface LocalConfig {
  /** A DynamoDB the user already runs; when unset, `npm start` runs DynamoDB Local itself. */
  externalEndpoint: string | undefined;
  dynamoDbLocalPort: number;
  dataDir: string;
  /** The items' table (`TABLE_NAME`, by default `items`): where `npm run seed` writes. */
  tableName: string;
  /** A table per resource the API serves: the variable naming it, by default the resource's name. */
  resourceTables: ResourceTable[];
  /** Where `Idempotency-Key`s are recorded: `IDEMPOTENCY_TABLE_NAME`, by default `<tableName>-idempotency`. */
  idempotencyTableName: string;
  /** Where `npm run start:lambda` serves the API Gateway stand-in. */
  lambdaRunnerPort: number;
}

export interface ResourceTable {
  /** The environment variable the function reads it from (`TABLE_NAME`). */
  variable: string;
  tableName: string;
  /** The template's table for it (`ItemsTable`), which the local runner names `tableName`. */
  logicalId: string;
}

/** Everything `npm start` and `npm run start:lambda` read from the environment, read once. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  return {
    externalEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB?.trim() || undefined,
    dynamoDbLocalPort: portSetting(env, 'DYNAMODB_LOCAL_PORT', 8765),
    dataDir: resolve(env.DYNAMODB_LOCAL_DATA_DIR?.trim() || '.data/dynamodb'),
    tableName: env.TABLE_NAME?.trim() || 'items',
    resourceTables: RESOURCE_TABLES.map(({ name, tableVariable, tableResource }) => ({
      variable: tableVariable,
      tableName: env[tableVariable]?.trim() || name,
      logicalId: tableResource,
    })),
    idempotencyTableName: env.IDEMPOTENCY_TABLE_NAME?.trim() || idempotencyTableFor(env.TABLE_NAME?.trim() || 'items'),
    lambdaRunnerPort: portSetting(env, 'LAMBDA_RUNNER_PORT', 3001),
  };
}
