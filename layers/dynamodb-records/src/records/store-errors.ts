import { DynamoDbError } from '../dynamodb/dynamodb-error.js';
import { ConfigurationError } from '../settings/configuration-error.js';
import { StoreError, StoreFailureError, StoreUnavailableError } from './errors.js';

/**
 * Awaits one DynamoDB call and rethrows its failure as a typed error: a failed condition as the
 * caller's own error (not found, conflict), anything else as `toStoreError` classifies it.
 */
export async function storeCall<T>(call: Promise<T>, onConditionFailure?: () => StoreError): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (onConditionFailure && isDynamoDbError(error, 'ConditionalCheckFailedException')) throw onConditionFailure();
    throw toStoreError(error);
  }
}

/** Whether DynamoDB refused a call with this error type (`ConditionalCheckFailedException`…). */
export function isDynamoDbError(error: unknown, code: string): error is DynamoDbError {
  return error instanceof DynamoDbError && error.code === code;
}

/** Whether DynamoDB refused a call for throttling. */
export function isThrottling(error: unknown): boolean {
  return error instanceof DynamoDbError && error.retryReason === 'throttling';
}

/**
 * Turns whatever a call threw into this library's typed errors: throttling, network failures and
 * DynamoDB's own 5xx are worth retrying later (unavailable); anything else is a failure.
 */
export function toStoreError(error: unknown): StoreError | ConfigurationError {
  // A setting that cannot be read is told as it is, naming the setting, not as a failure of the store.
  if (error instanceof StoreError || error instanceof ConfigurationError) return error;
  if (error instanceof DynamoDbError && error.retryReason) return new StoreUnavailableError({ cause: error });
  return new StoreFailureError({ cause: error });
}
