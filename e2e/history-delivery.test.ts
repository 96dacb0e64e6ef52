import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from '@items-api/dynamodb-local/dynamodb-local';
import { standInAws } from '@items-api/dynamodb-local/stand-in-aws';
import { readFailureDestination } from '@items-api/lambda-runner';
import { type LocalServer, startLocalServer } from '@items-api/test-support/local-server';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

// The history consumer's delivery as Lambda's event source mapping runs it, on the launcher this
// project tests (`npm start`: the consumer in process; `npm run start:lambda`: from its zip): a
// poison record, a consumer restarted behind its stream. Local only: it writes a malformed record
// straight into the table and restarts the launcher, on tables of its own.

const local = inject('local');
const QUEUE = 'HistoryFailuresQueue';

interface Entry {
  version: number;
  type: string;
}

describe.skipIf(!local)('history delivery, on a launcher of its own', () => {
  const prefix = `delivery-${randomUUID().slice(0, 8)}`;
  const tableName = `${prefix}-items`;
  let queuesDir: string;
  let buildDir: string;
  let env: NodeJS.ProcessEnv;
  let server: LocalServer | undefined;
  let dynamoDb: DynamoDBClient;

  const launch = async (): Promise<LocalServer> => startLocalServer(await freePort(), env, local!.launcher);
  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    if (running) expect(await running.stop()).toBe(0);
  };
  const api = (path: string, init?: RequestInit): Promise<Response> => fetch(new URL(path, server!.apiUrl), init);
  const create = async (name: string): Promise<string> => {
    const response = await api('items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, price: 1 }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const replace = async (id: string, price: number): Promise<void> => {
    const response = await api(`items/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kept', price }),
    });
    expect(response.status).toBe(200);
  };
  // A version that is no number: the consumer cannot tell which change it is, and reports it as a
  // batch item failure on every delivery.
  const putPoison = async (id: string): Promise<void> => {
    const item = { id: { S: id }, name: { S: 'Poison' }, price: { N: '1' }, version: { S: 'one' } };
    await dynamoDb.send(new PutItemCommand({ TableName: tableName, Item: item }));
  };
  /** The history table's items of a record as stored, each with the token of the put that wrote it. */
  const storedEntries = async (id: string): Promise<Record<string, unknown>[]> => {
    const { Items = [] } = await dynamoDb.send(
      new QueryCommand({
        TableName: `${prefix}-history`,
        KeyConditionExpression: 'recordKey = :key',
        ExpressionAttributeValues: { ':key': { S: `items#${id}` } },
        ConsistentRead: true,
      }),
    );
    return Items;
  };
  const history = async (id: string): Promise<string[]> => {
    const response = await api(`items/${id}/history?limit=1000`);
    expect(response.status).toBe(200);
    return ((await response.json()) as Entry[]).map(({ type, version }) => `${type} ${version}`);
  };

  beforeAll(async () => {
    queuesDir = await mkdtemp(join(tmpdir(), 'history-queues-'));
    // Its launches build zips of their own, beside no other project's launcher.
    buildDir = await mkdtemp(join(tmpdir(), 'history-build-'));
    env = {
      ...process.env,
      AWS_ENDPOINT_URL_DYNAMODB: local!.dynamoDbEndpoint,
      TABLE_NAME: tableName,
      IDEMPOTENCY_TABLE_NAME: `${prefix}-idempotency`,
      HISTORY_TABLE_NAME: `${prefix}-history`,
      LOCAL_QUEUES_DIR: queuesDir,
      LOCAL_BUILD_DIR: buildDir,
    };
    dynamoDb = new DynamoDBClient({ endpoint: local!.dynamoDbEndpoint, ...standInAws() });
    server = await launch();
  }, 180_000);

  afterAll(async () => {
    await stop();
    dynamoDb?.destroy();
    await rm(queuesDir, { recursive: true, force: true });
    await rm(buildDir, { recursive: true, force: true });
  });

  it('sends a poison record to the on-failure queue, past its retries, while the records after it are written', {
    timeout: 90_000,
  }, async () => {
    const poison = randomUUID();
    await putPoison(poison);
    const ids = await Promise.all(['Before', 'Around', 'After'].map(create));

    await vi.waitFor(
      async () => {
        for (const id of ids) expect(await history(id)).toEqual(['created 1']);
      },
      { timeout: 20_000, interval: 200 },
    );
    const failures = await vi.waitFor(
      async () => {
        const sent = await readFailureDestination(queuesDir, QUEUE);
        expect(sent.length).toBeGreaterThan(0);
        return sent;
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(failures[0]).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', functionArn: expect.stringContaining('HistoryFunction') },
      DDBStreamBatchInfo: { streamArn: expect.stringContaining(`table/${tableName}/stream/`) },
    });
    // The launcher says so in its log as well.
    expect(server!.output()).toMatch(/RetryAttemptsExhausted: .* sent to HistoryFailuresQueue/);
    // Nothing was written of the poison: it is in the table, with no history.
    const poisoned = await api(`items/${poison}/history`);
    expect(poisoned.status).toBe(200);
    expect(await poisoned.json()).toEqual([]);
  });

  it('catches up after a restart, from the start of the stream: nothing lost, nothing written twice', { timeout: 180_000 }, async () => {
    // A poison of its own: after the restart, its failing again shows the stream was read again.
    await putPoison(randomUUID());
    const ids = await Promise.all(Array.from({ length: 10 }, (_, n) => create(`Restart ${n}`)));
    await vi.waitFor(
      async () => {
        for (const id of ids) expect(await history(id)).toEqual(['created 1']);
      },
      { timeout: 20_000, interval: 200 },
    );
    const written = await Promise.all(ids.map(storedEntries));
    await Promise.all(ids.map((id) => replace(id, 2)));
    const poisonSent = (await readFailureDestination(queuesDir, QUEUE)).length;
    // Stopped at once: the consumer is likely behind the writes just made.
    await stop();
    server = await launch();
    await Promise.all(ids.map((id) => replace(id, 3)));

    await vi.waitFor(
      async () => {
        for (const id of ids) expect(await history(id)).toEqual(['created 1', 'replaced 2', 'replaced 3']);
      },
      { timeout: 30_000, interval: 250 },
    );
    // The creates, delivered again after the restart, were not written again: each entry is still the
    // one its first put wrote (its token would be another's after a second put).
    const again = await Promise.all(ids.map(storedEntries));
    for (const [n, entries] of again.entries()) expect(entries).toContainEqual(written[n]![0]);
    // The restarted consumer read the stream from its start again (locally a checkpoint lives in memory):
    // its poison came again and failed again, and what had been written came again and was written once.
    await vi.waitFor(async () => expect((await readFailureDestination(queuesDir, QUEUE)).length).toBeGreaterThan(poisonSent), {
      timeout: 60_000,
      interval: 500,
    });
  });
});
