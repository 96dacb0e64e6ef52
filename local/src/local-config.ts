import { resolve } from 'node:path';

export interface LocalConfig {
  /** A DynamoDB the user already runs; when unset, `npm start` runs DynamoDB Local itself. */
  externalEndpoint: string | undefined;
  dynamoDbLocalPort: number;
  dataDir: string;
  tableName: string;
}

/** Everything `npm start` reads from the environment, read once. */
export function readLocalConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const port = Number(env.DYNAMODB_LOCAL_PORT?.trim() || 8765);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`DYNAMODB_LOCAL_PORT must be a port number, not ${JSON.stringify(env.DYNAMODB_LOCAL_PORT)}.`);
  }
  return {
    externalEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB?.trim() || undefined,
    dynamoDbLocalPort: port,
    dataDir: resolve(env.DYNAMODB_LOCAL_DATA_DIR?.trim() || '.data/dynamodb'),
    tableName: env.TABLE_NAME?.trim() || 'items',
  };
}
