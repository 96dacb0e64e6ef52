import { ConfigurationError } from '../settings/configuration-error.js';
import { stringSetting } from '../settings/env-values.js';
import type { Credentials } from './dynamodb-client.js';

/** Where and as whom the process talks to DynamoDB: one for every store of the process. */
export interface ConnectionConfig {
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
 * Reads the connection from the standard AWS variables. Called on first use, never at import, so that
 * a missing variable is a clear error on the first request rather than a failed module load.
 */
export function readConnectionConfig(env: NodeJS.ProcessEnv = process.env): ConnectionConfig {
  const region = stringSetting(env, 'AWS_REGION') ?? stringSetting(env, 'AWS_DEFAULT_REGION');
  if (!region) {
    throw new ConfigurationError(
      'AWS_REGION is not set: it must name the region of the DynamoDB tables (Lambda sets it; `npm start` sets it locally).',
      'AWS_REGION',
    );
  }
  return {
    region,
    credentials: environmentCredentials(env),
    endpoint: stringSetting(env, 'AWS_ENDPOINT_URL_DYNAMODB') ?? stringSetting(env, 'AWS_ENDPOINT_URL'),
  };
}

/**
 * The table a variable names (`TABLE_NAME` for items), read on first use like the connection.
 * @throws ConfigurationError when it is unset or blank
 */
export function tableNameFrom(env: NodeJS.ProcessEnv, variable: string, entity: string): string {
  const tableName = stringSetting(env, variable);
  if (!tableName) {
    throw new ConfigurationError(
      `${variable} is not set: it must name the DynamoDB table that holds the ${entity.toLowerCase()} records ` +
        '(the SAM template sets it on Lambda; `npm start` sets it locally).',
      variable,
    );
  }
  return tableName;
}

/** `IDEMPOTENCY_TABLE_NAME`: where idempotency keys are recorded (shared by every store); creates with a key fail without it. */
export function idempotencyTableFrom(env: NodeJS.ProcessEnv): string | undefined {
  return stringSetting(env, 'IDEMPOTENCY_TABLE_NAME');
}

/** The standard credential variables, when both the key id and the secret are set. */
export function environmentCredentials(env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const accessKeyId = stringSetting(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = stringSetting(env, 'AWS_SECRET_ACCESS_KEY');
  return accessKeyId && secretAccessKey
    ? { accessKeyId, secretAccessKey, sessionToken: stringSetting(env, 'AWS_SESSION_TOKEN') }
    : undefined;
}
