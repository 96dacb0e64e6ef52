import { describe, expect, it } from 'vitest';
import type { InvokeOutcome } from './execution-environment.js';
import type { StreamFailureRecord } from './failure-destination.js';
import { type DeliveryContext, type DeliverySettings, type DeliveryStep, deliverBatch } from './stream-delivery.js';
import type { DynamoDbStreamRecord } from './stream-event.js';

// The mapping's delivery against a scripted consumer: each test's script answers from the sequence
// numbers it is sent, as a consumer with a poison record would.
const CREATED_AT = 1_700_000_000;
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000';

function records(count: number): DynamoDbStreamRecord[] {
  return Array.from({ length: count }, (_, index) => ({
    eventID: `event-${index + 1}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      Keys: { id: { S: `r${index + 1}` } },
      NewImage: { id: { S: `r${index + 1}` } },
      ApproximateCreationDateTime: CREATED_AT + index,
      SequenceNumber: String(index + 1).padStart(21, '0'),
      SizeBytes: 10,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: STREAM_ARN,
  }));
}

const seq = (n: number): string => String(n).padStart(21, '0');
const ok = (payload: unknown = null): InvokeOutcome => ({ kind: 'result', payload });
const thrown: InvokeOutcome = { kind: 'error', error: { errorType: 'Error', errorMessage: 'poison' } };
const failures = (...numbers: number[]): InvokeOutcome => ok({ batchItemFailures: numbers.map((n) => ({ itemIdentifier: seq(n) })) });

const settings = (overrides: Partial<DeliverySettings> = {}): DeliverySettings => ({
  maximumRetryAttempts: -1,
  bisectBatchOnFunctionError: false,
  maximumRecordAgeInSeconds: -1,
  reportBatchItemFailures: false,
  ...overrides,
});

/** Runs `deliverBatch` with `script` as the consumer; what it was sent, what it discarded, what it reported. */
async function deliver(
  batch: DynamoDbStreamRecord[],
  deliverySettings: DeliverySettings,
  script: (numbers: number[], call: number) => InvokeOutcome | Promise<InvokeOutcome>,
  context: Partial<DeliveryContext> = {},
) {
  const invocations: number[][] = [];
  const discarded: StreamFailureRecord[] = [];
  const steps: DeliveryStep[] = [];
  const result = await deliverBatch(batch, deliverySettings, {
    invoke: async (event) => {
      const numbers = event.Records.map((record) => Number(record.dynamodb.SequenceNumber));
      invocations.push(numbers);
      return script(numbers, invocations.length);
    },
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Consumer',
    shardId: 'shardId-1',
    streamArn: STREAM_ARN,
    discard: async (message) => {
      discarded.push(message);
    },
    report: (step) => steps.push(step),
    retryDelayMs: () => 0,
    now: () => (CREATED_AT + 10) * 1000,
    ...context,
  });
  const delivered = steps.flatMap((step) =>
    step.kind === 'delivered' ? step.records : step.kind === 'partial' ? step.records.slice(0, step.retryFrom) : [],
  );
  return { result, invocations, discarded, steps, delivered: delivered.map((record) => Number(record.dynamodb.SequenceNumber)) };
}

describe('deliverBatch', () => {
  it('sends the batch once, in order, and is done when the function answers', async () => {
    const run = await deliver(records(3), settings(), () => ok({ anything: true }));
    expect(run.result).toBe('done');
    expect(run.invocations).toEqual([[1, 2, 3]]);
    expect(run.discarded).toEqual([]);
  });

  it('retries the whole batch after a function error, until it succeeds', async () => {
    const run = await deliver(records(3), settings(), (_, call) => (call < 3 ? thrown : ok()));
    expect(run.invocations).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(run.delivered).toEqual([1, 2, 3]);
  });

  it('treats a timeout or a failed init as a function error', async () => {
    const timedOut: InvokeOutcome = { kind: 'failure', status: 'timeout' };
    const run = await deliver(records(2), settings({ maximumRetryAttempts: 1 }), () => timedOut);
    expect(run.invocations).toHaveLength(2);
    expect(run.discarded[0]?.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
  });

  describe('with ReportBatchItemFailures', () => {
    const partial = settings({ reportBatchItemFailures: true });

    it('checkpoints before the lowest reported failure and retries from it', async () => {
      const run = await deliver(records(6), partial, (numbers) => (numbers.includes(3) && numbers[0] !== 3 ? failures(5, 3) : ok()));
      expect(run.invocations).toEqual([
        [1, 2, 3, 4, 5, 6],
        [3, 4, 5, 6],
      ]);
      expect(run.delivered).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it.each([
      ['an empty list', { batchItemFailures: [] }],
      ['a null list', { batchItemFailures: null }],
      ['an empty answer', {}],
      ['a null answer', null],
    ])('takes %s for success', async (_, payload) => {
      const run = await deliver(records(2), partial, () => ok(payload));
      expect(run.invocations).toEqual([[1, 2]]);
    });

    it.each([
      ['an itemIdentifier of no record of the batch', { batchItemFailures: [{ itemIdentifier: seq(99) }] }],
      ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
      ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
      ['another key name', { batchItemFailures: [{ sequenceNumber: seq(2) }] }],
    ])('fails the whole batch on %s', async (_, payload) => {
      const run = await deliver(records(3), partial, (__, call) => (call === 1 ? ok(payload) : ok()));
      expect(run.invocations).toEqual([
        [1, 2, 3],
        [1, 2, 3],
      ]);
    });

    it('discards the records from the failed one on when the retries run out, and goes on', async () => {
      const run = await deliver(records(4), settings({ reportBatchItemFailures: true, maximumRetryAttempts: 1 }), () => failures(3));
      expect(run.invocations).toEqual([
        [1, 2, 3, 4],
        [3, 4],
      ]);
      expect(run.result).toBe('done');
      expect(run.discarded).toHaveLength(1);
      expect(run.discarded[0]).toMatchObject({
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        DDBStreamBatchInfo: { startSequenceNumber: seq(3), endSequenceNumber: seq(4), batchSize: 2 },
      });
      expect(run.discarded[0]?.responseContext).not.toHaveProperty('functionError');
    });

    it('is ignored when the mapping does not ask for it', async () => {
      const run = await deliver(records(3), settings(), () => failures(2));
      expect(run.invocations).toEqual([[1, 2, 3]]);
      expect(run.discarded).toEqual([]);
    });
  });

  it('bisects a failing batch down to its poison record, delivering the rest once, and discards it after its retries', async () => {
    const poison = (numbers: number[]) => (numbers.includes(6) ? thrown : ok());
    const run = await deliver(records(8), settings({ bisectBatchOnFunctionError: true, maximumRetryAttempts: 1 }), poison);
    expect(run.invocations).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4], [5, 6, 7, 8], [5, 6], [5], [6], [6], [7, 8]]);
    expect(run.delivered).toEqual([1, 2, 3, 4, 5, 7, 8]);
    expect(run.discarded).toHaveLength(1);
    expect(run.discarded[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 5 },
      DDBStreamBatchInfo: { startSequenceNumber: seq(6), endSequenceNumber: seq(6), batchSize: 1 },
    });
  });

  it('does not count the splits as retries: with no retries at all, a bisected batch still isolates its poison record', async () => {
    const run = await deliver(records(4), settings({ bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 }), (numbers) =>
      numbers.includes(2) ? thrown : ok(),
    );
    expect(run.invocations).toEqual([[1, 2, 3, 4], [1, 2], [1], [2], [3, 4]]);
    expect(run.discarded.map((message) => message.DDBStreamBatchInfo.startSequenceNumber)).toEqual([seq(2)]);
  });

  it('discards the whole batch when its retries run out, saying where it was in the stream', async () => {
    const run = await deliver(records(3), settings({ maximumRetryAttempts: 2 }), () => thrown);
    expect(run.invocations).toHaveLength(3);
    expect(run.result).toBe('done');
    const [message] = run.discarded;
    expect(message).toEqual({
      requestContext: {
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Consumer',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date((CREATED_AT + 10) * 1000).toISOString(),
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: seq(1),
        endSequenceNumber: seq(3),
        approximateArrivalOfFirstRecord: new Date(CREATED_AT * 1000).toISOString().replace('.000Z', 'Z'),
        approximateArrivalOfLastRecord: new Date((CREATED_AT + 2) * 1000).toISOString().replace('.000Z', 'Z'),
        batchSize: 3,
        streamArn: STREAM_ARN,
      },
    });
    const failedSteps = run.steps.filter((step) => step.kind === 'failed');
    expect(failedSteps.map((step) => step.next)).toEqual(['retry', 'retry', 'discard']);
    expect(message?.requestContext.requestId).toBe(failedSteps.at(-1)?.requestId);
  });

  it('discards the records all the same when the on-failure destination cannot be sent to, saying so', async () => {
    const run = await deliver(records(3), settings({ maximumRetryAttempts: 0 }), (numbers) => (numbers.includes(2) ? thrown : ok()), {
      discard: () => Promise.reject(new Error('EACCES: permission denied')),
    });
    expect(run.result).toBe('done');
    expect(run.invocations).toEqual([[1, 2, 3]]);
    const discarded = run.steps.filter((step) => step.kind === 'discarded');
    expect(discarded).toHaveLength(1);
    expect(discarded[0]).toMatchObject({ unsent: 'EACCES: permission denied', message: { DDBStreamBatchInfo: { batchSize: 3 } } });
  });

  it('never sends records older than MaximumRecordAgeInSeconds, discarding them as RecordAgeExceeded', async () => {
    // Records created at CREATED_AT + 0, 1, 2; now is CREATED_AT + 10: the first two are over 8 s old.
    const run = await deliver(records(3), settings({ maximumRecordAgeInSeconds: 8 }), () => ok());
    expect(run.invocations).toEqual([[3]]);
    expect(run.discarded).toHaveLength(1);
    expect(run.discarded[0]).toMatchObject({
      requestContext: { condition: 'RecordAgeExceeded', approximateInvokeCount: 0 },
      DDBStreamBatchInfo: { startSequenceNumber: seq(1), endSequenceNumber: seq(2), batchSize: 2 },
    });
    expect(run.discarded[0]).not.toHaveProperty('responseContext');
  });

  it('retries a failing batch with no retry limit until its records are too old', async () => {
    let clock = CREATED_AT * 1000;
    const run = await deliver(
      records(2),
      settings({ maximumRecordAgeInSeconds: 60 }),
      () => {
        clock += 25_000;
        return thrown;
      },
      { now: () => clock },
    );
    // Sent at 0 s, 25 s and 50 s of age; at 75 s both records are past 60 s.
    expect(run.invocations).toHaveLength(3);
    expect(run.discarded).toMatchObject([{ requestContext: { condition: 'RecordAgeExceeded', approximateInvokeCount: 3 } }]);
  });

  it('retries an invocation that could not be made without counting it', async () => {
    const run = await deliver(records(1), settings({ maximumRetryAttempts: 0 }), (_, call) => {
      if (call === 1) throw new Error('no environment');
      return ok();
    });
    expect(run.invocations).toHaveLength(2);
    expect(run.discarded).toEqual([]);
    expect(run.delivered).toEqual([1]);
  });

  it('stops at once when the mapping stops, discarding nothing', async () => {
    const stop = new AbortController();
    const run = await deliver(
      records(2),
      settings(),
      () => {
        stop.abort();
        return thrown;
      },
      { signal: stop.signal, retryDelayMs: () => 60_000 },
    );
    expect(run.result).toBe('stopped');
    expect(run.invocations).toHaveLength(1);
    expect(run.discarded).toEqual([]);
  });
});
