import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ItemNotFoundError, StoreFailureError, StoreUnavailableError } from './errors.js';
import { storeCall, toStoreError } from './store-errors.js';

const metadata = { $metadata: {}, message: 'from DynamoDB' };

describe('toStoreError', () => {
  it.each([
    ['throttling', new ProvisionedThroughputExceededException(metadata)],
    ['the account limit', new RequestLimitExceeded(metadata)],
    ['a DynamoDB server error', new InternalServerError({ ...metadata, $metadata: { httpStatusCode: 500 } })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ])('classifies %s as unavailable (retry later)', (_, error) => {
    expect(toStoreError(error)).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(error).cause).toBe(error);
  });

  it.each([
    ['a missing table', new ResourceNotFoundException(metadata)],
    ['anything else', new Error('surprise')],
    ['a non-error', 'string'],
  ])('classifies %s as a failure', (_, error) => {
    expect(toStoreError(error)).toBeInstanceOf(StoreFailureError);
  });
});

describe('storeCall', () => {
  it('turns a failed condition into the caller\'s error, and only that', async () => {
    const failed = new ConditionalCheckFailedException(metadata);
    await expect(storeCall(Promise.reject(failed), () => new ItemNotFoundError('x'))).rejects.toBeInstanceOf(
      ItemNotFoundError,
    );
    await expect(storeCall(Promise.reject(failed))).rejects.toBeInstanceOf(StoreFailureError);
    await expect(storeCall(Promise.resolve(7))).resolves.toBe(7);
  });
});
