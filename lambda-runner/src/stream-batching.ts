import type { DynamoDbStreamRecord } from './stream-event.js';

// Lambda's batching of stream records ("Using AWS Lambda with Amazon DynamoDB", polling and batching
// streams): it invokes the function when the batch is full (BatchSize), when the batching window has
// passed since the first record came in (MaximumBatchingWindowInSeconds; 0, the default, invokes as
// soon as records are read), or when the next record would take the event past Lambda's 6 MB payload.

/** Lambda's limit on a synchronous invocation's payload. */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;
// `{"Records":[` … `]}` and the commas between records.
const ENVELOPE_BYTES = 14;

export interface BatchingSettings {
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
}

export interface BufferState {
  /** When the oldest buffered record was read. */
  firstReadAtMs: number;
  nowMs: number;
  /** The shard is closed and read to its end: nothing will join the batch. */
  shardEnded: boolean;
}

/** The records, from the oldest buffered, to send now; none while the batch may still grow. */
export function nextBatch(buffer: readonly DynamoDbStreamRecord[], settings: BatchingSettings, state: BufferState): DynamoDbStreamRecord[] {
  if (buffer.length === 0) return [];
  let bytes = ENVELOPE_BYTES;
  let count = 0;
  for (const record of buffer.slice(0, settings.batchSize)) {
    bytes += Buffer.byteLength(JSON.stringify(record)) + 1;
    // A record alone over the limit is still sent: the invocation fails, as on AWS.
    if (count > 0 && bytes > MAX_EVENT_BYTES) return buffer.slice(0, count);
    count += 1;
  }
  const full = count === settings.batchSize;
  const windowPassed = state.nowMs - state.firstReadAtMs >= settings.maximumBatchingWindowInSeconds * 1000;
  return full || windowPassed || state.shardEnded ? buffer.slice(0, count) : [];
}
