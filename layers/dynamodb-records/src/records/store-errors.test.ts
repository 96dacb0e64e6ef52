import { describe, expect, it } from 'vitest';
import { DynamoDbError, errorFromResponse } from '../dynamodb/dynamodb-error.js';
import { NotFoundError, StoreFailureError, StoreUnavailableError } from './errors.js';
import { storeCall, toStoreError } from './store-errors.js';

const dynamoDb = (type: string, statusCode = 400) =>
  errorFromResponse(statusCode, JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: 'from DynamoDB' }));

describe('toStoreError', () => {
  it.each([
    ['throttling', dynamoDb('ProvisionedThroughputExceededException')],
    ['the account limit', dynamoDb('RequestLimitExceeded')],
    ['a DynamoDB server error', dynamoDb('InternalServerError', 500)],
    ['an unavailable service', errorFromResponse(503, '<html>Service Unavailable</html>')],
    ['a refused connection', new DynamoDbError('NetworkingError', 'connect ECONNREFUSED')],
    ['a timeout', new DynamoDbError('TimeoutError', 'No answer within 2000 ms')],
  ])('classifies %s as unavailable (retry later)', (_, error) => {
    expect(toStoreError(error)).toBeInstanceOf(StoreUnavailableError);
    expect(toStoreError(error).cause).toBe(error);
  });

  it.each([
    ['a missing table', dynamoDb('ResourceNotFoundException')],
    ['a bad request', dynamoDb('ValidationException')],
    ['anything else', new Error('surprise')],
    ['a non-error', 'string'],
  ])('classifies %s as a failure', (_, error) => {
    expect(toStoreError(error)).toBeInstanceOf(StoreFailureError);
  });
});

describe('errorFromResponse', () => {
  it("reads DynamoDB's error type without its namespace, its message, and a transaction's reasons", () => {
    const error = errorFromResponse(
      400,
      JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
        Message: 'Transaction cancelled',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
      }),
    );
    expect(error).toMatchObject({ code: 'TransactionCanceledException', statusCode: 400, retryReason: undefined });
    expect(error.message).toBe('TransactionCanceledException: Transaction cancelled');
    expect(error.cancellationReasons.map((reason) => reason.Code)).toEqual(['None', 'ConditionalCheckFailed']);
  });
});

describe('storeCall', () => {
  it("turns a failed condition into the caller's error, and only that", async () => {
    const failed = dynamoDb('ConditionalCheckFailedException');
    await expect(storeCall(Promise.reject(failed), () => new NotFoundError('Widget', 'x'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(storeCall(Promise.reject(failed))).rejects.toBeInstanceOf(StoreFailureError);
    await expect(storeCall(Promise.reject(dynamoDb('ValidationException')), () => new NotFoundError('Widget', 'x'))).rejects.toBeInstanceOf(
      StoreFailureError,
    );
    await expect(storeCall(Promise.resolve(7))).resolves.toBe(7);
  });
});
