import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IndexDeclarations } from '@items-api/dynamodb-records';
import { ConfigurationError, HISTORY_TABLE_VARIABLE, portSetting, stringSetting } from '@items-api/dynamodb-records';
import { RESOURCE_TABLES } from '@items-api/function/resources';

/** The idempotency table's name where `IDEMPOTENCY_TABLE_NAME` names none: a name of its own, beside no resource's. */
export const DEFAULT_IDEMPOTENCY_TABLE = 'idempotency-keys';

/** The history table's name where `HISTORY_TABLE_NAME` names none. */
export const DEFAULT_HISTORY_TABLE = 'history';

export interface LocalConfig {
  /** A DynamoDB the user already runs; when unset, `npm start` runs DynamoDB Local itself. */
  externalEndpoint: string | undefined;
  dynamoDbLocalPort: number;
  dataDir: string;
  /** A table per resource the API serves: the variable naming it, by default the resource's name. */
  resourceTables: ResourceTable[];
  /** Where `Idempotency-Key`s are recorded: `IDEMPOTENCY_TABLE_NAME`, by default `idempotency-keys`. */
  idempotencyTableName: string;
  /** Where HistoryFunction writes the changes of the resources that keep history: `HISTORY_TABLE_NAME`, by default `history`. */
  historyTableName: string;
  /**
   * Where the local stand-ins of the stream mappings' on-failure queues are written, a JSON-lines file
   * per queue (`LOCAL_QUEUES_DIR`, by default `.data/queues`).
   */
  queuesDir: string;
  /** Where `npm run start:lambda` serves the API Gateway stand-in. */
  lambdaRunnerPort: number;
  /**
   * Where `npm run start:lambda` builds the zips it serves (`LOCAL_BUILD_DIR`, by default `.build`, as
   * `npm run build`): launchers running at once each need their own, or one rebuilds what another reads.
   */
  lambdaBuildDir: string;
  /**
   * The API `npm run start:lambda` stands in for, the template's `ApiType`: `rest` (the default) or
   * `http`, from `--api-type`, else `LOCAL_API_TYPE`.
   */
  lambdaApiType: LocalApiType;
}

export const LOCAL_API_TYPES = ['rest', 'http'] as const;
export type LocalApiType = (typeof LOCAL_API_TYPES)[number];

export interface ResourceTable {
  /** The environment variable the function reads it from (`TABLE_NAME` for items, `ORDERS_TABLE_NAME` for orders). */
  variable: string;
  tableName: string;
  /** The template's table for it (`ItemsTable`), which the local runner names `tableName`. */
  logicalId: string;
  /** The indexes its declaration names: made in DynamoDB Local with the table, or added to it. */
  indexes: IndexDeclarations | undefined;
  /** Its resource keeps history: the table streams its changes (new and old images) to HistoryFunction. */
  stream: boolean;
}

/**
 * Everything `npm start`, `npm run dev`, `npm run start:lambda` and `npm run seed` read from the
 * environment, read once; `args`, a launcher's command line, may set what a variable sets
 * (`--api-type` for `LOCAL_API_TYPE`) and wins over it.
 */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env, args: readonly string[] = []): LocalConfig {
  const flags = launcherFlags(args);
  return {
    externalEndpoint: stringSetting(env, 'AWS_ENDPOINT_URL_DYNAMODB'),
    dynamoDbLocalPort: portSetting(env, 'DYNAMODB_LOCAL_PORT', 8765),
    dataDir: resolve(stringSetting(env, 'DYNAMODB_LOCAL_DATA_DIR') ?? '.data/dynamodb'),
    resourceTables: RESOURCE_TABLES.map(({ name, tableVariable, tableResource, declaration, resource }) => ({
      variable: tableVariable,
      tableName: stringSetting(env, tableVariable) ?? name,
      logicalId: tableResource,
      indexes: declaration.indexes,
      stream: resource.history === true,
    })),
    idempotencyTableName: stringSetting(env, 'IDEMPOTENCY_TABLE_NAME') ?? DEFAULT_IDEMPOTENCY_TABLE,
    historyTableName: stringSetting(env, HISTORY_TABLE_VARIABLE) ?? DEFAULT_HISTORY_TABLE,
    queuesDir: resolve(stringSetting(env, 'LOCAL_QUEUES_DIR') ?? '.data/queues'),
    lambdaRunnerPort: portSetting(env, 'LAMBDA_RUNNER_PORT', 3001),
    lambdaBuildDir: resolve(stringSetting(env, 'LOCAL_BUILD_DIR') ?? '.build'),
    lambdaApiType: apiType(
      flags['api-type'] === undefined ? stringSetting(env, 'LOCAL_API_TYPE') : flags['api-type'].trim(),
      flags['api-type'] === undefined ? 'LOCAL_API_TYPE' : '--api-type',
    ),
  };
}

function launcherFlags(args: readonly string[]): { 'api-type'?: string | undefined } {
  try {
    return parseArgs({ args: [...args], options: { 'api-type': { type: 'string' } }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ConfigurationError(`${error instanceof Error ? error.message : String(error)} (the launcher takes --api-type rest|http).`);
  }
}

/** `rest` or `http`, in any case (`Http`, as the template spells it, too). */
function apiType(value: string | undefined, source: string): LocalApiType {
  if (value === undefined) return 'rest';
  const type = LOCAL_API_TYPES.find((candidate) => candidate === value.toLowerCase());
  if (type) return type;
  throw new ConfigurationError(
    `${source} must be rest (API Gateway REST API, the default) or http (an HTTP API), not ${JSON.stringify(value)}.`,
    source.startsWith('--') ? undefined : source,
  );
}
