import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { ItemStoreError, StoreFailureError, StoreUnavailableError } from './errors.js';

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * Awaits one DynamoDB call and rethrows its failure as a typed error: a failed condition as the
 * caller's own error (not found, conflict), anything else as `toStoreError` classifies it.
 */
export async function storeCall<T>(call: Promise<T>, onConditionFailure?: () => ItemStoreError): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (onConditionFailure && error instanceof ConditionalCheckFailedException) throw onConditionFailure();
    throw toStoreError(error);
  }
}

/** Whether DynamoDB refused a call for throttling (the SDK's own classification). */
export function isThrottling(error: unknown): boolean {
  return error instanceof Error && isThrottlingError(error as SdkError);
}

/**
 * Turns whatever the SDK threw into this library's typed errors, using the SDK's own classification
 * of throttling, transient (timeouts, refused or reset connections) and server errors.
 */
export function toStoreError(error: unknown): ItemStoreError {
  if (error instanceof ItemStoreError) return error;
  if (error instanceof Error) {
    const sdkError = error as SdkError;
    if (isThrottling(error) || isTransientError(sdkError) || isServerError(sdkError)) {
      return new StoreUnavailableError({ cause: error });
    }
  }
  return new StoreFailureError({ cause: error });
}
