import { relative, sep } from 'node:path';
import { answersHttp } from '@items-api/dynamodb-local/http-probe';
import { openLocalDynamoDb } from '@items-api/dynamodb-local/local-dynamodb';
import type { LocalConfig } from '../launchers/local-config.js';

export interface SeedTarget {
  endpoint: string;
  tableName: string;
  /** Where the values of unique fields are claimed (the idempotency table): a resource with unique fields needs it. */
  idempotencyTableName: string;
  /** Where the records go, as the output says it. */
  where: string;
  /** True when DynamoDB Local was started for this load (and `stop` stops it). */
  ownsDynamoDbLocal: boolean;
  stop(): Promise<void>;
}

/**
 * The DynamoDB to write `table` into, with the tables made when absent: the one AWS_ENDPOINT_URL_DYNAMODB
 * names; else whatever already answers on npm start's DynamoDB Local port (npm start running); else
 * DynamoDB Local started here, on npm start's port and data directory, so the records are there at
 * the next `npm start`.
 */
export async function openSeedTarget(config: LocalConfig, table: string, say: (line: string) => void): Promise<SeedTarget> {
  if (config.externalEndpoint) {
    const dynamoDb = await openLocalDynamoDb(config, say);
    return {
      ...dynamoDb,
      tableName: table,
      idempotencyTableName: config.idempotencyTableName,
      where: `table ${table} at ${dynamoDb.endpoint} (AWS_ENDPOINT_URL_DYNAMODB)`,
    };
  }
  const local = `127.0.0.1:${config.dynamoDbLocalPort}`;
  if (await answersHttp(`http://${local}`)) {
    say(`Something answers on ${local} (npm start's DynamoDB Local?): writing into it.`);
    const dynamoDb = await openLocalDynamoDb({ ...config, externalEndpoint: `http://${local}` }, say);
    return {
      ...dynamoDb,
      tableName: table,
      idempotencyTableName: config.idempotencyTableName,
      where: `table ${table} of the DynamoDB Local already running on ${local}`,
    };
  }
  const dynamoDb = await openLocalDynamoDb(config, say);
  return {
    ...dynamoDb,
    tableName: table,
    idempotencyTableName: config.idempotencyTableName,
    where: `table ${table} of DynamoDB Local on ${local}, data in ${shortPath(config.dataDir)} (started for this load; npm start will serve them)`,
  };
}

function shortPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !inside.startsWith(sep) ? inside : path;
}

export function isLoopback(endpoint: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
