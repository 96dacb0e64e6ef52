import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { readBatchResponse } from './batch-item-failures.js';
import type { InvokeOutcome } from './execution-environment.js';
import type { FailureCondition, StreamFailureRecord } from './failure-destination.js';
import type { DynamoDbStreamEvent, DynamoDbStreamRecord } from './stream-event.js';

// What Lambda's event source mapping does with a batch of a DynamoDB stream, from the AWS Lambda
// Developer Guide: "Using AWS Lambda with Amazon DynamoDB" (with-ddb.html), "Configuring partial batch
// response with DynamoDB and Lambda" (services-ddb-batchfailurereporting.html), "Retain discarded
// records for a DynamoDB event source in Lambda" (services-dynamodb-errors.html) and "Lambda parameters
// for Amazon DynamoDB event source mappings" (services-ddb-params.html):
// - the batch succeeds when the function answers (with ReportBatchItemFailures: and reports no failure);
// - a function error (it threw, timed out, failed to init) fails the whole batch, retried whole;
// - a partial failure checkpoints before the lowest reported sequence number and retries from there;
// - a malformed report (an itemIdentifier empty, missing, or of no record of the batch) fails the batch;
// - BisectBatchOnFunctionError splits a batch that failed by a function error in two and retries the
//   halves, oldest first; splitting does not count as a retry (only a function error is bisected: "If
//   your invocation fails and BisectBatchOnFunctionError is turned on, the batch is bisected");
// - MaximumRetryAttempts (-1: until the records expire) counts retries, partial ones included, of the
//   records retried; past it they are discarded (RetryAttemptsExhausted);
// - MaximumRecordAgeInSeconds (-1: never): records older than that are never sent again, but
//   discarded (RecordAgeExceeded);
// - what is discarded goes to the on-failure destination as its place in the stream, and the mapping
//   moves past it, the rest of the batch going on. What Lambda does when it cannot send to the
//   destination is not documented: here the message is logged whole and the mapping moves on.
// Locally, a retry resends the records that failed rather than rereading the shard from the
// checkpoint (which on AWS may bring records written since into the retried batch).

/** The mapping's settings that decide what a failure leads to. */
export interface DeliverySettings {
  /** -1: until the records expire. */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  /** -1: never too old. */
  maximumRecordAgeInSeconds: number;
  /** `FunctionResponseTypes: [ReportBatchItemFailures]`. */
  reportBatchItemFailures: boolean;
}

/** Runs the consumer once on `event`: the pool of its execution environments, or its handler in process. */
export type StreamInvoker = (event: DynamoDbStreamEvent, requestId: string) => Promise<InvokeOutcome>;

/** One invocation's outcome, or a discard, for the mapping's log. */
export type DeliveryStep =
  | { kind: 'delivered'; requestId: string; records: DynamoDbStreamRecord[] }
  | { kind: 'partial'; requestId: string; records: DynamoDbStreamRecord[]; retryFrom: number }
  | { kind: 'failed'; requestId: string; records: DynamoDbStreamRecord[]; reason: string; next: 'retry' | 'bisect' | 'discard' }
  | {
      kind: 'discarded';
      records: DynamoDbStreamRecord[];
      message: StreamFailureRecord;
      /** Why the message could not be sent to the on-failure destination (it is lost but for the log line). */
      unsent?: string;
    };

export interface DeliveryContext {
  invoke: StreamInvoker;
  functionArn: string;
  shardId: string;
  streamArn: string;
  /**
   * Sends a discard to the on-failure destination, or only notes it when the mapping has none. When it
   * throws, the message is reported as unsent and the records are discarded all the same.
   */
  discard(message: StreamFailureRecord): Promise<void>;
  report?(step: DeliveryStep): void;
  /** Stopping the mapping: delivery ends at once, discarding nothing. */
  signal?: AbortSignal;
  now?(): number;
  /** The wait before the `retry`th retry of the same records. */
  retryDelayMs?(retry: number): number;
}

interface Segment {
  records: DynamoDbStreamRecord[];
  retries: number;
  invocations: number;
  last?: { requestId: string; functionError?: string };
}

/** Backs off from 0.2 s to 5 s: a failing record blocks its shard, as on AWS, without flooding the log. */
export function defaultRetryDelayMs(retry: number): number {
  return Math.min(200 * 2 ** (retry - 1), 5_000);
}

/**
 * Delivers one batch (records of one shard, in order) as Lambda's mapping does, until every record is
 * delivered or discarded: `done`, the shard's checkpoint may pass the batch; or `stopped` by `signal`.
 */
export async function deliverBatch(
  batch: DynamoDbStreamRecord[],
  settings: DeliverySettings,
  context: DeliveryContext,
): Promise<'done' | 'stopped'> {
  const now = context.now ?? Date.now;
  const report = context.report ?? (() => undefined);
  const pending: Segment[] = [{ records: batch, retries: 0, invocations: 0 }];

  const discard = async (segment: Segment, records: DynamoDbStreamRecord[], condition: FailureCondition): Promise<void> => {
    const message = failureMessage(records, segment, condition, context, now());
    try {
      await context.discard(message);
    } catch (error) {
      // The destination cannot be reached (a full disk, a permission): what Lambda does then is not
      // documented; here the message is logged whole, for an operator to act on, and the records
      // discarded all the same, rather than retried, their retries counted anew, for good.
      report({ kind: 'discarded', records, message, unsent: error instanceof Error ? error.message : String(error) });
      return;
    }
    report({ kind: 'discarded', records, message });
  };

  while (pending.length > 0) {
    if (context.signal?.aborted) return 'stopped';
    const segment = pending[0]!;
    const expired = expiredCount(segment.records, settings.maximumRecordAgeInSeconds, now());
    if (expired > 0) {
      await discard(segment, segment.records.slice(0, expired), 'RecordAgeExceeded');
      segment.records = segment.records.slice(expired);
      if (segment.records.length === 0) pending.shift();
      continue;
    }

    const records = segment.records;
    const requestId = randomUUID();
    const invoked = await untilStopped(
      context.invoke({ Records: records }, requestId).then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ unreachable: error instanceof Error ? error.message : String(error) }),
      ),
      context.signal,
    );
    if (invoked === 'stopped') return 'stopped';
    if ('unreachable' in invoked) {
      // Not invoked at all (on AWS: throttled, say): retried until the records expire, no retry counted.
      report({ kind: 'failed', requestId, records, reason: `not invoked: ${invoked.unreachable}`, next: 'retry' });
      if (!(await pause(context, segment.retries + 1))) return 'stopped';
      continue;
    }
    const { outcome } = invoked;
    segment.invocations += 1;

    let retrying: DynamoDbStreamRecord[];
    if (outcome.kind === 'result') {
      segment.last = { requestId };
      const answer = settings.reportBatchItemFailures
        ? readBatchResponse(
            outcome.payload,
            records.map((record) => record.dynamodb.SequenceNumber),
          )
        : ({ kind: 'success' } as const);
      if (answer.kind === 'success') {
        report({ kind: 'delivered', requestId, records });
        pending.shift();
        continue;
      }
      if (answer.kind === 'partial') {
        report({ kind: 'partial', requestId, records, retryFrom: answer.firstFailed });
        retrying = records.slice(answer.firstFailed);
      } else {
        report({ kind: 'failed', requestId, records, reason: answer.reason, next: nextAfterFailure(segment, settings, false) });
        retrying = records;
      }
    } else {
      segment.last = { requestId, functionError: 'Unhandled' };
      const reason = outcome.kind === 'failure' && outcome.status === 'timeout' ? 'timed out' : (outcome.error?.errorType ?? 'failed');
      const next = nextAfterFailure(segment, settings, true);
      report({ kind: 'failed', requestId, records, reason, next });
      if (next === 'bisect') {
        const half = Math.ceil(records.length / 2);
        pending.splice(0, 1, { ...segment, records: records.slice(0, half) }, { ...segment, records: records.slice(half) });
        continue;
      }
      retrying = records;
    }

    segment.records = retrying;
    segment.retries += 1;
    if (exhausted(segment.retries, settings)) {
      await discard(segment, retrying, 'RetryAttemptsExhausted');
      pending.shift();
      continue;
    }
    if (!(await pause(context, segment.retries))) return 'stopped';
  }
  return 'done';
}

function nextAfterFailure(segment: Segment, settings: DeliverySettings, functionError: boolean): 'retry' | 'bisect' | 'discard' {
  if (functionError && settings.bisectBatchOnFunctionError && segment.records.length > 1) return 'bisect';
  return exhausted(segment.retries + 1, settings) ? 'discard' : 'retry';
}

function exhausted(retries: number, settings: DeliverySettings): boolean {
  return settings.maximumRetryAttempts !== -1 && retries > settings.maximumRetryAttempts;
}

/** How many records, from the oldest, are past the maximum age (records arrive in order). */
function expiredCount(records: DynamoDbStreamRecord[], maximumAgeSeconds: number, nowMs: number): number {
  if (maximumAgeSeconds === -1) return 0;
  const tooOld = (record: DynamoDbStreamRecord): boolean =>
    nowMs - record.dynamodb.ApproximateCreationDateTime * 1000 > maximumAgeSeconds * 1000;
  const firstYoung = records.findIndex((record) => !tooOld(record));
  return firstYoung === -1 ? records.length : firstYoung;
}

function failureMessage(
  records: DynamoDbStreamRecord[],
  segment: Segment,
  condition: FailureCondition,
  context: DeliveryContext,
  nowMs: number,
): StreamFailureRecord {
  const first = records[0]!;
  const last = records.at(-1)!;
  return {
    requestContext: {
      requestId: segment.last?.requestId ?? randomUUID(),
      functionArn: context.functionArn,
      condition,
      approximateInvokeCount: segment.invocations,
    },
    ...(segment.last && {
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(segment.last.functionError && { functionError: segment.last.functionError }),
      },
    }),
    version: '1.0',
    timestamp: new Date(nowMs).toISOString(),
    DDBStreamBatchInfo: {
      shardId: context.shardId,
      startSequenceNumber: first.dynamodb.SequenceNumber,
      endSequenceNumber: last.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: records.length,
      streamArn: context.streamArn,
    },
  };
}

/** `2019-11-14T00:13:19Z`, as Lambda writes it: to the second. */
function arrival(record: DynamoDbStreamRecord): string {
  return new Date(Math.floor(record.dynamodb.ApproximateCreationDateTime) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Waits before a retry; false when the mapping stopped meanwhile. */
async function pause(context: DeliveryContext, retry: number): Promise<boolean> {
  try {
    await delay((context.retryDelayMs ?? defaultRetryDelayMs)(retry), undefined, context.signal ? { signal: context.signal } : {});
    return true;
  } catch {
    return false;
  }
}

/** `work`'s value, or `stopped` as soon as `signal` aborts (the work itself is left to finish alone). */
async function untilStopped<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | 'stopped'> {
  if (!signal) return work;
  if (signal.aborted) return 'stopped';
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<'stopped'>((resolve) => {
    onAbort = () => resolve('stopped');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
