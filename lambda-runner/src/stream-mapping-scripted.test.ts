import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeOutcome } from './execution-environment.js';
import type { StreamFailureRecord } from './failure-destination.js';
import { type DynamoDbStreamEvent, type DynamoDbStreamRecord, lambdaStreamRecord } from './stream-event.js';
import { type StreamMapping, type StreamMappingOptions, startStreamMapping } from './stream-mapping.js';
import type { StreamMappingDefinition } from './stream-mapping-definition.js';
import type { ShardPosition, StreamSource } from './stream-source.js';
import { streamMapping } from './test-streams.js';

// The mapping on a scripted StreamSource, for what DynamoDB Local cannot be made to do: it never trims
// its streams on demand (records leave a stream only after 24 hours), so a TrimmedDataAccessException
// is scripted here, as DynamoDB Streams would throw it; and an on-failure destination that fails.
const STREAM_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024-01-01T00:00:00.000';
const SHARD = 'shardId-00000001';

const mappings: StreamMapping[] = [];
afterEach(async () => {
  await Promise.all(mappings.splice(0).map((mapping) => mapping.stop()));
});

function record(n: number): DynamoDbStreamRecord {
  return lambdaStreamRecord(
    {
      eventID: `event-${n}`,
      eventName: 'INSERT',
      dynamodb: {
        Keys: { id: { S: `r${n}` } },
        NewImage: { id: { S: `r${n}` } },
        SequenceNumber: String(n).padStart(21, '0'),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    },
    STREAM_ARN,
    'us-east-1',
  );
}

function trimmed(): Error {
  return Object.assign(new Error('Attempted to read past the oldest stream record in a shard'), { name: 'TrimmedDataAccessException' });
}

/**
 * One open shard whose reads follow `script`: given the position an iterator was asked for, how many
 * iterators were asked for before it and how many reads of it came before, what GetRecords answers
 * (or throws). An unscripted read finds nothing new.
 */
function scriptedSource(script: (position: ShardPosition, iterator: number, read: number) => DynamoDbStreamRecord[] | Error | undefined) {
  const asked: ShardPosition[] = [];
  const iterators: { position: ShardPosition; reads: number }[] = [];
  const source: StreamSource = {
    streamArn: STREAM_ARN,
    shards: async () => [{ shardId: SHARD, closed: false }],
    async iterator(_shardId, position) {
      asked.push(position);
      iterators.push({ position, reads: 0 });
      return String(iterators.length - 1);
    },
    async read(iterator) {
      const state = iterators[Number(iterator)]!;
      const answer = script(state.position, Number(iterator), state.reads);
      state.reads += 1;
      if (answer instanceof Error) throw answer;
      return { records: answer ?? [], next: iterator };
    },
    close: () => undefined,
  };
  return { source, asked };
}

async function consume(
  source: StreamSource,
  overrides: Partial<StreamMappingDefinition>,
  options: Partial<StreamMappingOptions> = {},
  answer: (event: DynamoDbStreamEvent) => InvokeOutcome = () => ({ kind: 'result', payload: null }),
) {
  const events: DynamoDbStreamEvent[] = [];
  const lines: string[] = [];
  const mapping = await startStreamMapping({
    definition: streamMapping(overrides),
    tableName: 't',
    endpoint: 'http://127.0.0.1:1',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    source,
    invoke: async (event) => {
      events.push(event);
      return answer(event);
    },
    log: (line) => lines.push(line),
    pollIntervalMs: 10,
    retryDelayMs: () => 1,
    ...options,
  });
  mappings.push(mapping);
  const sent = () => events.flatMap((event) => event.Records.map((one) => Number(one.dynamodb.SequenceNumber)));
  return { mapping, events, lines, sent };
}

describe('startStreamMapping on a trimmed stream', () => {
  it('reads on from TRIM_HORIZON after a trim, with LATEST too, and logs the records lost', async () => {
    // Started at LATEST, the mapping reads record 1; records 2 and 3 are trimmed before its next read,
    // 4 and 5 are still in the stream. A LATEST iterator asked for again would find nothing.
    const { source, asked } = scriptedSource((position, iterator, read) => {
      if ('after' in position) return trimmed();
      if (position.type === 'LATEST') return iterator === 0 ? (read === 0 ? [record(1)] : trimmed()) : undefined;
      return read === 0 ? [record(4), record(5)] : undefined;
    });
    const consumer = await consume(source, { startingPosition: 'LATEST' });
    await expect.poll(() => consumer.sent()).toEqual([1, 4, 5]);
    await consumer.mapping.idle();

    expect(asked).toEqual([{ type: 'LATEST' }, { type: 'TRIM_HORIZON' }]);
    const lost = consumer.lines.filter((line) => line.includes('records were trimmed before they were read (lost)'));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toContain(`${SHARD}: records were trimmed before they were read (lost) after ${record(1).dynamodb.SequenceNumber}`);
    expect(lost[0]).toContain('reading on from TRIM_HORIZON');
  });
});

describe('startStreamMapping with an on-failure destination it cannot send to', () => {
  it('logs the whole on-failure message and moves on, the batch not sent again', async () => {
    // Records 1 to 3 come in one batch, which fails for good at once; record 4 comes next.
    const { source } = scriptedSource((_position, _iterator, read) =>
      read === 0 ? [record(1), record(2), record(3)] : read === 1 ? [record(4)] : undefined,
    );
    const attempts: StreamFailureRecord[] = [];
    const consumer = await consume(
      source,
      { startingPosition: 'TRIM_HORIZON', maximumRetryAttempts: 0, onFailureDestination: 'Failures' },
      {
        failureDestination: {
          async send(message) {
            attempts.push(message);
            throw new Error('ENOSPC: no space left on device');
          },
        },
      },
      (event) =>
        event.Records.some((one) => one.dynamodb.SequenceNumber === record(2).dynamodb.SequenceNumber)
          ? { kind: 'error', error: { errorType: 'Error', errorMessage: 'poison' } }
          : { kind: 'result', payload: null },
    );
    await expect.poll(() => consumer.sent()).toEqual([1, 2, 3, 4]);
    await consumer.mapping.idle();

    expect(consumer.events.map((event) => event.Records.length)).toEqual([3, 1]);
    expect(attempts).toHaveLength(1);
    const lost = consumer.lines.filter((line) => line.includes('could not be sent to Failures'));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toContain(
      `RetryAttemptsExhausted: 3 records (${record(1).dynamodb.SequenceNumber}…${record(3).dynamodb.SequenceNumber}) could not be sent to Failures (ENOSPC: no space left on device)`,
    );
    expect(JSON.parse(lost[0]!.slice(lost[0]!.indexOf('{')))).toEqual(attempts[0]);
    expect(consumer.lines.filter((line) => line.includes('read failed'))).toEqual([]);
  });
});
