import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbEndpoint, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '@items-api/test-support/dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeOutcome } from './execution-environment.js';
import { jsonLinesQueue, readFailureDestination } from './failure-destination.js';
import type { DynamoDbStreamEvent, DynamoDbStreamRecord } from './stream-event.js';
import { type StreamMapping, type StreamMappingOptions, startStreamMapping } from './stream-mapping.js';
import type { StreamMappingDefinition } from './stream-mapping-definition.js';
import { createTable, streamMapping } from './test-streams.js';

// The mapping on DynamoDB Local's streams, with a consumer in this process: each test writes to a
// table of its own and looks at what the consumer was sent.
let client: DynamoDBClient;
let failureDir: string;
const tables: string[] = [];
const mappings: StreamMapping[] = [];

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION, credentials: TEST_CREDENTIALS });
  failureDir = await mkdtemp(join(tmpdir(), 'stream-failures-'));
});

afterEach(async () => {
  await Promise.all(mappings.splice(0).map((mapping) => mapping.stop()));
});

afterAll(async () => {
  await Promise.all(tables.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
  client.destroy();
  await rm(failureDir, { recursive: true, force: true });
});

async function streamTable(): Promise<string> {
  const TableName = uniqueTableName('stream');
  await createTable(client, TableName);
  tables.push(TableName);
  return TableName;
}

const put = (TableName: string, id: string, extra: Record<string, { S: string } | { BOOL: boolean } | { B: Uint8Array }> = {}) =>
  client.send(new PutItemCommand({ TableName, Item: { id: { S: id }, ...extra } }));

interface Consumer {
  /** Every invocation's records. */
  events: DynamoDbStreamEvent[];
  /** The records of the invocations that succeeded, in the order they were. */
  delivered: DynamoDbStreamRecord[];
  lines: string[];
  mapping: StreamMapping;
}

/** Starts a mapping on `tableName` whose consumer answers with `answer` (success by default). */
async function consume(
  tableName: string,
  overrides: Partial<StreamMappingDefinition> = {},
  answer: (event: DynamoDbStreamEvent) => InvokeOutcome | Promise<InvokeOutcome> = () => ({ kind: 'result', payload: null }),
  options: Partial<StreamMappingOptions> = {},
): Promise<Consumer> {
  const events: DynamoDbStreamEvent[] = [];
  const delivered: DynamoDbStreamRecord[] = [];
  const lines: string[] = [];
  const mapping = await startStreamMapping({
    // From the start of the stream unless a test says otherwise: each test's table is its own.
    definition: streamMapping({ startingPosition: 'TRIM_HORIZON', ...overrides }),
    tableName,
    endpoint: dynamoDbEndpoint(),
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    invoke: async (event) => {
      events.push(event);
      const outcome = await answer(event);
      if (outcome.kind === 'result') delivered.push(...event.Records);
      return outcome;
    },
    log: (line) => lines.push(line),
    pollIntervalMs: 50,
    retryDelayMs: () => 10,
    ...options,
  });
  mappings.push(mapping);
  return { events, delivered, lines, mapping };
}

const idOf = (record: DynamoDbStreamRecord): string => record.dynamodb.Keys.id!.S!;
const poisoned = (event: DynamoDbStreamEvent): boolean => event.Records.some((record) => record.dynamodb.NewImage?.poison?.BOOL);
const functionError: InvokeOutcome = { kind: 'error', error: { errorType: 'Error', errorMessage: 'poison' } };

describe('startStreamMapping on DynamoDB Local', () => {
  it("delivers every write once, in order, in batches of BatchSize, as Lambda's event", async () => {
    const table = await streamTable();
    const consumer = await consume(table, { batchSize: 4 });
    for (let i = 1; i <= 9; i += 1) await put(table, `item-${i}`, { n: { S: String(i) } });
    await put(table, 'item-1', { n: { S: 'again' }, bytes: { B: new Uint8Array([1, 2, 255]) } });
    await client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: 'item-2' } } }));
    await consumer.mapping.idle();

    expect(consumer.delivered.map((record) => `${record.eventName} ${idOf(record)}`)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `INSERT item-${i + 1}`),
      'MODIFY item-1',
      'REMOVE item-2',
    ]);
    expect(new Set(consumer.delivered.map((record) => record.eventID)).size).toBe(11);
    const sequence = consumer.delivered.map((record) => BigInt(record.dynamodb.SequenceNumber));
    expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(consumer.events.every((event) => event.Records.length >= 1 && event.Records.length <= 4)).toBe(true);

    const modify = consumer.delivered[9]!;
    expect(modify).toEqual({
      eventID: expect.any(String),
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: TEST_REGION,
      dynamodb: {
        Keys: { id: { S: 'item-1' } },
        NewImage: { id: { S: 'item-1' }, n: { S: 'again' }, bytes: { B: Buffer.from([1, 2, 255]).toString('base64') } },
        OldImage: { id: { S: 'item-1' }, n: { S: '1' } },
        ApproximateCreationDateTime: expect.any(Number),
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: consumer.mapping.streamArn,
    });
    expect(Math.abs(modify.dynamodb.ApproximateCreationDateTime - Date.now() / 1000)).toBeLessThan(120);
    expect(consumer.delivered[10]).not.toHaveProperty('dynamodb.NewImage');
    expect(consumer.lines.filter((line) => line.includes(' delivered '))).toHaveLength(consumer.events.length);
  });

  it('sends a poison record to the on-failure queue, the rest of its batch delivered once', async () => {
    const table = await streamTable();
    for (let i = 1; i <= 8; i += 1) await put(table, `item-${i}`, i === 6 ? { poison: { BOOL: true } } : {});
    const queue = `Failures${Date.now()}`;
    const consumer = await consume(
      table,
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: 1, onFailureDestination: queue },
      (event) => (poisoned(event) ? functionError : { kind: 'result', payload: null }),
      { failureDestination: jsonLinesQueue(failureDir, queue) },
    );
    await consumer.mapping.idle();

    expect(consumer.delivered.map(idOf)).toEqual(['item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-7', 'item-8']);
    const messages = await readFailureDestination(failureDir, queue);
    expect(messages).toHaveLength(1);
    const poison = consumer.events.flatMap((event) => event.Records).find((record) => idOf(record) === 'item-6')!;
    expect(messages[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', functionArn: `arn:aws:lambda:${TEST_REGION}:123456789012:function:Consumer` },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        startSequenceNumber: poison.dynamodb.SequenceNumber,
        endSequenceNumber: poison.dynamodb.SequenceNumber,
        batchSize: 1,
        streamArn: consumer.mapping.streamArn,
        shardId: expect.stringMatching(/^shardId-/),
      },
    });
    expect(
      consumer.lines.filter((line) =>
        line.includes(`RetryAttemptsExhausted: 1 record (${poison.dynamodb.SequenceNumber}) sent to ${queue}: {`),
      ),
    ).toHaveLength(1);
  });

  it('retries from the reported record with ReportBatchItemFailures', async () => {
    const table = await streamTable();
    for (let i = 1; i <= 5; i += 1) await put(table, `item-${i}`);
    let reported = false;
    const consumer = await consume(table, { reportBatchItemFailures: true }, (event) => {
      const third = event.Records.find((record) => idOf(record) === 'item-3');
      if (!third || reported) return { kind: 'result', payload: { batchItemFailures: [] } };
      reported = true;
      return { kind: 'result', payload: { batchItemFailures: [{ itemIdentifier: third.dynamodb.SequenceNumber }] } };
    });
    await consumer.mapping.idle();
    expect(consumer.events.map((event) => event.Records.map(idOf))).toEqual([
      ['item-1', 'item-2', 'item-3', 'item-4', 'item-5'],
      ['item-3', 'item-4', 'item-5'],
    ]);
  });

  it('reads from TRIM_HORIZON again when started again: checkpoints live in memory', async () => {
    const table = await streamTable();
    const first = await consume(table);
    await put(table, 'a');
    await put(table, 'b');
    await first.mapping.idle();
    await first.mapping.stop();
    // Written while no mapping runs: the next one catches up with it, after what the first delivered again.
    await put(table, 'c');

    const second = await consume(table);
    await second.mapping.idle();
    expect(first.delivered.map(idOf)).toEqual(['a', 'b']);
    expect(second.delivered.map(idOf)).toEqual(['a', 'b', 'c']);
    expect(second.delivered.slice(0, 2).map((record) => record.eventID)).toEqual(first.delivered.map((record) => record.eventID));
  });

  it('reads only what is written after it starts with LATEST', async () => {
    const table = await streamTable();
    await put(table, 'before');
    const consumer = await consume(table, { startingPosition: 'LATEST' });
    await consumer.mapping.idle();
    await put(table, 'after');
    await consumer.mapping.idle();
    expect(consumer.delivered.map(idOf)).toEqual(['after']);
  });

  it('catches up, in full batches and in order, after its consumer was held up', async () => {
    const table = await streamTable();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const consumer = await consume(table, { batchSize: 10 }, async () => {
      await held;
      return { kind: 'result', payload: null };
    });
    await put(table, 'item-00');
    // The first invocation is under way and waits; the writes meanwhile pile up in the stream.
    await expect.poll(() => consumer.events.length).toBe(1);
    for (let i = 1; i <= 25; i += 1) await put(table, `item-${String(i).padStart(2, '0')}`);
    release();
    await consumer.mapping.idle();
    expect(consumer.delivered.map(idOf)).toEqual(Array.from({ length: 26 }, (_, i) => `item-${String(i).padStart(2, '0')}`));
    expect(consumer.events.map((event) => event.Records.length)).toEqual([1, 10, 10, 5]);
  });

  it('waits up to MaximumBatchingWindowInSeconds to fill a batch', async () => {
    const table = await streamTable();
    const consumer = await consume(table, { maximumBatchingWindowInSeconds: 1, batchSize: 50 });
    await consumer.mapping.idle();
    for (let i = 1; i <= 3; i += 1) {
      await put(table, `item-${i}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await consumer.mapping.idle();
    expect(consumer.events.map((event) => event.Records.map(idOf))).toEqual([['item-1', 'item-2', 'item-3']]);
  });

  it('refuses a table without a stream', async () => {
    const TableName = uniqueTableName('no-stream');
    await createTable(client, TableName, { stream: false });
    tables.push(TableName);
    await expect(consume(TableName)).rejects.toThrow(`Table ${TableName} has no stream`);
  });
});
