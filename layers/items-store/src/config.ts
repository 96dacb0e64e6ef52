import type { Credentials } from './dynamodb-client.js';
import { ConfigurationError } from './errors.js';

export interface StoreConfig {
  tableName: string;
  /** `IDEMPOTENCY_TABLE_NAME`: where `Idempotency-Key`s are recorded; creates with a key fail without it. */
  idempotencyTableName: string | undefined;
  /** `AWS_REGION` (or `AWS_DEFAULT_REGION`), which Lambda sets. */
  region: string;
  /**
   * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, which Lambda sets from the
   * function's role; undefined when absent (the Node server then asks a provider of its own).
   */
  credentials: Credentials | undefined;
  /** The standard `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`), e.g. a DynamoDB Local. */
  endpoint: string | undefined;
}

/**
 * Reads the store's configuration from the environment. Called on first use, never at import,
 * so that a missing variable is a clear error on the first request rather than a failed module load.
 */
export function readStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const tableName = env.TABLE_NAME?.trim();
  if (!tableName) {
    throw new ConfigurationError(
      'TABLE_NAME is not set: it must name the DynamoDB table that holds the items ' +
        '(the SAM template sets it on Lambda; `npm start` sets it locally).',
    );
  }
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (!region) {
    throw new ConfigurationError('AWS_REGION is not set: it must name the region of the DynamoDB table (Lambda sets it; `npm start` sets it locally).');
  }
  return {
    tableName,
    idempotencyTableName: nonEmpty(env.IDEMPOTENCY_TABLE_NAME),
    region,
    credentials: environmentCredentials(env),
    endpoint: nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL),
  };
}

/** The standard credential variables, when both the key id and the secret are set. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: nonEmpty(env.AWS_SESSION_TOKEN) } : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}
