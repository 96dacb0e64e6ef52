import { ConfigurationError } from './errors.js';

export interface StoreConfig {
  tableName: string;
  /** `IDEMPOTENCY_TABLE_NAME`: where `Idempotency-Key`s are recorded; creates with a key fail without it. */
  idempotencyTableName: string | undefined;
  /** From the standard AWS variables; undefined lets the SDK look further (profile, IMDS). */
  region: string | undefined;
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
  return {
    tableName,
    idempotencyTableName: nonEmpty(env.IDEMPOTENCY_TABLE_NAME),
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION),
    endpoint: nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}
