import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, freePort, startDynamoDbLocal } from '@items-api/dynamodb-local/dynamodb-local';
import { ensureIdempotencyTable, ensureRecordsTable } from '@items-api/dynamodb-local/tables';
import { createDynamoDbClient, type DynamoDbCallOutcome, DynamoDbRecordStore } from '@items-api/dynamodb-records';
import { TEST_CREDENTIALS, TEST_REGION } from '@items-api/test-support/dynamodb';
import { storedRecords } from '@items-api/test-support/stored-records';
import { afterAll, expect, it, onTestFailed, vi } from 'vitest';
import { createApp } from './app.js';
import { itemsTable } from './resources/index.js';

// DynamoDB goes away in the middle of a stream of requests and comes back on the same port with the
// same data: requests in between get 503 with Retry-After, the app recovers by itself (same process,
// same client), and nothing acknowledged is lost or half-written.
const REGION = TEST_REGION;
let dynamoDb: DynamoDbLocal | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await dynamoDb?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function outcomeOf({ statusCode, error, retries }: DynamoDbCallOutcome): string {
  return `${error ? error.code : statusCode}${retries > 0 ? ` after ${retries} retries` : ''}`;
}

interface Outcome {
  method: string;
  status: number;
  retryAfter: string | null;
  sent?: { name: string; price: number };
  id?: string;
}

it('answers 503 while DynamoDB is down, recovers by itself, and loses nothing it acknowledged', { timeout: 90_000 }, async () => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // the app logs each 503
  dataDir = await mkdtemp(join(tmpdir(), 'outage-'));
  const port = await freePort();
  dynamoDb = await startDynamoDbLocal({ port, dataDir });
  const tableName = 'outage-items';
  const admin = new DynamoDBClient({
    endpoint: dynamoDb.endpoint,
    region: REGION,
    credentials: TEST_CREDENTIALS,
  });
  await ensureRecordsTable(admin, tableName, itemsTable.declaration.indexes);
  const keysTable = 'outage-keys';
  await ensureIdempotencyTable(admin, keysTable);
  // Every DynamoDB call the app made, with how it ended: printed should the test fail.
  const calls: string[] = [];
  onTestFailed(() => console.error(`DynamoDB calls, in order:\n${calls.map((call, i) => `${i + 1}. ${call}`).join('\n')}`));
  const app = createApp({
    stores: {
      items: new DynamoDbRecordStore(itemsTable.declaration, {
        client: createDynamoDbClient(
          { endpoint: dynamoDb.endpoint, region: REGION, credentials: TEST_CREDENTIALS },
          { observeCall: (call) => (outcome) => calls.push(`${call.operation} ${call.tableName}: ${outcomeOf(outcome)}`) },
        ),
        tableName,
        idempotencyTableName: keysTable,
      }),
    },
  });

  const outcomes: Outcome[] = [];
  let n = 0;
  let running = true;
  const traffic = (async () => {
    while (running) {
      n += 1;
      const sent = { name: `Outage ${n}`, price: n };
      // Every other create carries an Idempotency-Key: the item and the key's record go in one transaction.
      const key = n % 2 === 0 ? { 'idempotency-key': `outage-${n}` } : {};
      const created = await app.request('/items', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...key },
        body: JSON.stringify(sent),
      });
      const body = created.status === 201 ? ((await created.json()) as { id: string }) : undefined;
      outcomes.push({
        method: 'POST',
        status: created.status,
        retryAfter: created.headers.get('retry-after'),
        sent,
        ...(body && { id: body.id }),
      });
      const listed = await app.request('/items?limit=5');
      outcomes.push({ method: 'GET', status: listed.status, retryAfter: listed.headers.get('retry-after') });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const beforeStop = outcomes.length;
  const stopping = performance.now();
  await dynamoDb.stop();
  const stopMs = Math.round(performance.now() - stopping);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const duringOutage = outcomes.length;
  dynamoDb = await startDynamoDbLocal({ port, dataDir });
  // Recovered once a request through the same app succeeds again.
  const deadline = Date.now() + 30_000;
  while (outcomes.slice(duringOutage).filter((o) => o.status === 201).length < 5 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  running = false;
  await traffic;

  const statuses = new Set(outcomes.map((o) => o.status));
  expect([...statuses].sort()).toEqual([200, 201, 503]);
  for (const o of outcomes.filter((o) => o.status === 503)) expect(o.retryAfter).toBe('1');
  expect(outcomes.slice(duringOutage).some((o) => o.status === 201)).toBe(true);

  // Every acknowledged create is there, whole; anything else in the table is whole too (a create
  // whose answer was lost in the outage may or may not have been written, never half).
  const items = new Map((await storedRecords(admin, tableName)).map((item) => [item.id as string, item]));
  const acknowledged = outcomes.filter((o) => o.status === 201);
  for (const o of acknowledged) {
    const item = items.get(o.id!);
    // Which create it was, and when, if one is ever missing (DynamoDB Local on a busy machine).
    const at = outcomes.indexOf(o);
    expect(
      item,
      `${o.id}: ${o.sent!.price % 2 === 0 ? 'keyed' : 'plain'} create, outcome ${at} (DynamoDB Local stopped after outcome ${beforeStop}, in ${stopMs} ms)`,
    ).toBeDefined();
    expect(item).toMatchObject({ name: o.sent!.name, price: o.sent!.price, version: 1 });
  }
  for (const item of items.values())
    expect(Object.keys(item).sort()).toEqual(['createdAt', 'description', 'id', 'name', 'price', 'updatedAt', 'version']);
  const unanswered = outcomes.filter((o) => o.method === 'POST' && o.status === 503).length;
  expect(items.size - acknowledged.length).toBeLessThanOrEqual(unanswered);

  // Keyed creates are all or nothing: every key's record names a stored item, and every item
  // created under a key has its record.
  const records = await storedRecords(admin, keysTable);
  const itemIdsOfKeys = new Set(records.map((record) => (record.item as { id: string }).id));
  for (const id of itemIdsOfKeys) expect(items.has(id), id).toBe(true);
  for (const o of acknowledged.filter((o) => o.sent!.price % 2 === 0)) expect(itemIdsOfKeys.has(o.id!), o.id).toBe(true);
  for (const item of items.values()) {
    if (Number(item.price) % 2 === 0) expect(itemIdsOfKeys.has(item.id as string), `keyed item ${item.id} without its key`).toBe(true);
  }
  admin.destroy();
});
