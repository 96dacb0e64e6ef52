import { randomUUID } from 'node:crypto';
import type { AttributeMap } from '../dynamodb/attribute-values.js';
import { backoff } from '../dynamodb/backoff.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { StoreFailureError, StoreUnavailableError } from './errors.js';
import { isDynamoDbError, toStoreError } from './store-errors.js';

/** One entry of `TransactItems`: `{ Put }`, `{ Update }`, `{ Delete }` or `{ ConditionCheck }`, as DynamoDB takes it. */
export type TransactItem = { Put: AttributeMap } | { Update: AttributeMap } | { Delete: AttributeMap } | { ConditionCheck: AttributeMap };

/**
 * Attempts of one transaction when concurrent transactions on the same items, or throttling, cancel it:
 * many writers racing for one value conflict until one commits, and every later attempt then fails its
 * condition at once. Backoff with full jitter, at most 250 ms a wait: under 2 s in all, inside a request.
 */
const ATTEMPTS = 10;
const BACKOFF = { baseMs: 10, capMs: 250 };
/** Why DynamoDB cancels a transaction when trying again can succeed. */
const RETRYABLE_CANCELLATIONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/**
 * Writes `items` in one TransactWriteItems. Each attempt carries a `ClientRequestToken` of its own, which
 * the client's retries of that attempt resend: when a committed transaction's answer is lost, its retry
 * is answered as the success it was (DynamoDB honours a token for 10 minutes) instead of failing the
 * conditions it has itself made false. A cancellation by a concurrent transaction or by throttling is
 * tried again, a bounded number of times, with backoff.
 * Returns the positions in `items` whose condition failed: none when the transaction committed.
 * @throws StoreUnavailableError, StoreFailureError
 */
export async function transactWrite(client: DynamoDbClient, items: readonly TransactItem[]): Promise<number[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.call('TransactWriteItems', { TransactItems: items, ClientRequestToken: randomUUID() });
      return [];
    } catch (error) {
      if (!isDynamoDbError(error, 'TransactionCanceledException')) throw toStoreError(error);
      const codes = error.cancellationReasons.map((reason) => reason.Code ?? 'None');
      const failed = codes.flatMap((code, position) => (code === 'ConditionalCheckFailed' ? [position] : []));
      if (failed.length > 0) return failed;
      // A validation error or a size limit: no retry would mend it.
      if (!codes.some((code) => RETRYABLE_CANCELLATIONS.has(code))) throw new StoreFailureError({ cause: error });
      if (attempt >= ATTEMPTS) throw new StoreUnavailableError({ cause: error });
      await backoff(attempt, BACKOFF);
    }
  }
}
