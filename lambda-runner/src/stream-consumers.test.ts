import { setTimeout as delay } from 'node:timers/promises';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbEndpoint, TEST_CREDENTIALS, TEST_REGION, uniqueTableName } from '@items-api/test-support/dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionDefinition, StreamConsumerDefinition } from './sam-template.js';
import { type StartedStreamMapping, type StreamMappingsOptions, startStreamMappings } from './stream-consumers.js';
import type { DynamoDbStreamEvent } from './stream-event.js';
import type { StreamMappingDefinition } from './stream-mapping-definition.js';
import { createTable, streamMapping } from './test-streams.js';

// What the runner and `npm start` share: the template's consumers started as mappings on DynamoDB
// Local's streams, each function's invoker asked for once.
let client: DynamoDBClient;
const table = uniqueTableName('consumers');
const started: StartedStreamMapping[] = [];

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION, credentials: TEST_CREDENTIALS });
  await createTable(client, table);
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((mapping) => mapping.stop()));
});

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: table }));
  client.destroy();
});

const put = (id: string) => client.send(new PutItemCommand({ TableName: table, Item: { id: { S: id } } }));

function fn(logicalId: string): FunctionDefinition {
  return {
    logicalId,
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    timeoutSeconds: 3,
    memorySizeMb: 128,
    environment: {},
    layers: [],
    tracing: 'PassThrough',
    routes: [],
  };
}

const mapping = (functionLogicalId: string, eventId: string, overrides: Partial<StreamMappingDefinition> = {}) =>
  streamMapping({ functionLogicalId, eventId, ...overrides });

/** Starts `consumers`, each function's invocations kept under its logical id. */
async function start(consumers: StreamConsumerDefinition[], tables: Record<string, string>) {
  const invoked = new Map<string, DynamoDbStreamEvent[]>();
  const askedFor: string[] = [];
  const lines: string[] = [];
  const options: StreamMappingsOptions = {
    tables,
    connection: { endpoint: dynamoDbEndpoint(), region: TEST_REGION, credentials: TEST_CREDENTIALS },
    failureDestinationDir: '/nonexistent',
    invokerOf: async (definition) => {
      askedFor.push(definition.logicalId);
      const events: DynamoDbStreamEvent[] = [];
      invoked.set(definition.logicalId, events);
      return async (event) => {
        events.push(event);
        return { kind: 'result', payload: null };
      };
    },
    log: (line) => lines.push(line),
    retryDelayMs: () => 10,
  };
  const promise = startStreamMappings(consumers, options);
  promise.then((mappings) => started.push(...mappings)).catch(() => undefined);
  return { promise, invoked, askedFor, lines };
}

const ids = (events: DynamoDbStreamEvent[] | undefined) =>
  (events ?? []).flatMap((event) => event.Records.map((r) => r.dynamodb.Keys.id!.S));

describe('startStreamMappings on DynamoDB Local', () => {
  it('starts each enabled mapping with its function’s invoker, asked for once, and logs a disabled one', async () => {
    const run = await start(
      [
        { function: fn('First'), mappings: [mapping('First', 'Stream'), mapping('First', 'Paused', { enabled: false })] },
        { function: fn('Second'), mappings: [mapping('Second', 'Stream')] },
      ],
      { Table: table },
    );
    const mappings = await run.promise;
    expect(mappings.map(({ functionLogicalId, eventId }) => `${functionLogicalId}.${eventId}`)).toEqual(['First.Stream', 'Second.Stream']);
    expect(run.askedFor).toEqual(['First', 'Second']);
    expect(run.lines).toContainEqual(
      expect.stringContaining('DynamoDB stream First.Events.Paused: disabled (Enabled: false), not started'),
    );

    await put('a');
    await Promise.all(mappings.map((one) => one.idle()));
    expect(ids(run.invoked.get('First'))).toEqual(['a']);
    expect(ids(run.invoked.get('Second'))).toEqual(['a']);
  });

  it('refuses a mapping on a table with no local name, stopping those it started', async () => {
    const run = await start(
      [{ function: fn('First'), mappings: [mapping('First', 'Stream'), mapping('First', 'Other', { tableLogicalId: 'Elsewhere' })] }],
      { Table: table },
    );
    await expect(run.promise).rejects.toThrow('First.Events.Other reads Elsewhere, which has no local table name');
    // First.Stream started, on LATEST, before the refusal: stopped, it reads nothing written since.
    await put('b');
    await delay(1_000);
    expect(ids(run.invoked.get('First'))).toEqual([]);
  });
});
