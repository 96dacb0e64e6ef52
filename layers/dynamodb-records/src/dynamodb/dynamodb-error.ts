/** Why a DynamoDB call may succeed if made again: the same classes the AWS SDK retries. */
export type RetryReason = 'throttling' | 'transient' | 'server';

/** One reason per item of a cancelled transaction, in the order of its `TransactItems`. */
export interface CancellationReason {
  Code?: string;
  Message?: string;
}

/**
 * A DynamoDB call that failed: DynamoDB's own error (`code` is its type without the namespace:
 * `ConditionalCheckFailedException`), or the network's (`NetworkingError`, `TimeoutError`).
 */
export class DynamoDbError extends Error {
  override readonly name = 'DynamoDbError';
  readonly code: string;
  /** DynamoDB's HTTP status; absent when no answer came. */
  readonly statusCode: number | undefined;
  /** DynamoDB's `x-amzn-RequestId` for the failed attempt, when it answered. */
  readonly requestId: string | undefined;
  /** Set when a retry can succeed. */
  readonly retryReason: RetryReason | undefined;
  /** Why each item of a cancelled transaction (`TransactionCanceledException`) failed. */
  readonly cancellationReasons: CancellationReason[];
  /**
   * What stood where a write failed its condition, when the write asked for it
   * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`): how a retried write recognises its own success.
   */
  readonly item: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    details: {
      statusCode?: number;
      requestId?: string | undefined;
      cancellationReasons?: CancellationReason[];
      item?: Record<string, unknown> | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(`${code}: ${message}`, details.cause === undefined ? {} : { cause: details.cause });
    this.code = code;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
    this.cancellationReasons = details.cancellationReasons ?? [];
    this.item = details.item;
    this.retryReason = retryReasonOf(code, details.statusCode);
  }
}

// What the AWS SDK (smithy's service-error-classification) counts as throttling for DynamoDB.
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
// Failures of the connection itself: no answer came, or it came broken.
const TRANSIENT = new Set(['NetworkingError', 'TimeoutError']);

function retryReasonOf(code: string, statusCode: number | undefined): RetryReason | undefined {
  if (THROTTLING.has(code) || statusCode === 429) return 'throttling';
  if (TRANSIENT.has(code)) return 'transient';
  if (statusCode !== undefined && statusCode >= 500) return 'server';
  return undefined;
}

/** DynamoDB's error body: `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"…"}`. */
export function errorFromResponse(statusCode: number, body: string, requestId?: string): DynamoDbError {
  let parsed: { __type?: unknown; message?: unknown; Message?: unknown; CancellationReasons?: unknown; Item?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // A proxy's HTML page, say: the status alone tells what happened.
  }
  const type = typeof parsed.__type === 'string' ? parsed.__type : `HTTP${statusCode}`;
  const code = type.slice(type.lastIndexOf('#') + 1);
  const message = String(parsed.message ?? parsed.Message ?? (body.slice(0, 200) || 'no message'));
  const reasons = Array.isArray(parsed.CancellationReasons) ? (parsed.CancellationReasons as CancellationReason[]) : [];
  const item = parsed.Item !== null && typeof parsed.Item === 'object' ? (parsed.Item as Record<string, unknown>) : undefined;
  return new DynamoDbError(code, message, { statusCode, requestId, cancellationReasons: reasons, item });
}
