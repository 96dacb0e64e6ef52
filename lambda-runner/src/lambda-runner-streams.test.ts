import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { zipDirectory } from '@items-api/build/zip';
import { dynamoDbEndpoint, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '@items-api/test-support/dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFailureDestination } from './failure-destination.js';
import { type LambdaRunner, startLambdaRunner } from './lambda-runner.js';
import { createTable } from './test-streams.js';

// The runner with `streams`: a consumer zip (fixtures/consumer) run in its execution environments on
// the stream of a table in DynamoDB Local, as fixtures/streams-template.yaml maps it.
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let dir: string;
let client: DynamoDBClient;
let runner: LambdaRunner | undefined;
const table = uniqueTableName('runner-stream');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runner-streams-'));
  await zipDirectory(join(FIXTURES, 'consumer'), join(dir, 'Consumer.zip'));
  client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION, credentials: TEST_CREDENTIALS });
  await createTable(client, table);
});

afterAll(async () => {
  await runner?.stop();
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('the runner with stream consumers', () => {
  it('runs the consumer from its zip on the stream, its poison record sent to the on-failure queue', async () => {
    for (let i = 1; i <= 6; i += 1) {
      const poison = i === 4 ? { poison: { BOOL: true } } : {};
      await client.send(new PutItemCommand({ TableName: table, Item: { id: { S: `item-${i}` }, ...poison } }));
    }
    const lines: string[] = [];
    const out = join(dir, 'consumed.jsonl');
    const failures = join(dir, 'failures');
    runner = await startLambdaRunner({
      templateFile: join(FIXTURES, 'streams-template.yaml'),
      zipsDir: dir,
      port: 0,
      values: { resources: { Table: table }, region: TEST_REGION },
      environment: { CONSUMER_OUT: out },
      log: (line) => lines.push(line),
      streams: { endpoint: dynamoDbEndpoint(), failureDestinationDir: failures, credentials: TEST_CREDENTIALS, retryDelayMs: () => 10 },
    });
    // `Paused` has Enabled: false.
    expect(runner.streamMappings.map((mapping) => mapping.eventId)).toEqual(['TableStream']);
    expect(lines).toContainEqual(expect.stringContaining('Consumer.Events.Paused: disabled (Enabled: false), not started'));
    await runner.streamMappings[0]!.idle();

    const consumed = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(consumed.map((record) => record.id)).toEqual(['item-1', 'item-2', 'item-3', 'item-5', 'item-6']);
    const [message, ...more] = await readFailureDestination(failures, 'FailureQueue');
    expect(more).toEqual([]);
    expect(message).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', functionArn: expect.stringMatching(/:function:Consumer$/) },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: { batchSize: 1, streamArn: runner.streamMappings[0]!.streamArn },
    });
    // The platform's lines for each invocation, the function's error among them.
    expect(lines.filter((line) => line.startsWith('START RequestId:')).length).toBeGreaterThanOrEqual(5);
    expect(lines).toContainEqual(expect.stringContaining('poison record item-4'));
    expect(lines).toContainEqual(expect.stringContaining('RetryAttemptsExhausted: 1 record'));
  });
});
