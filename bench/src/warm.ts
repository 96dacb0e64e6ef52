import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '@items-api/items-store';
import { randomUUID } from 'node:crypto';
import { restEvent, type BenchEvent } from './events.js';
import { runHandlerProcess, writeEvents, type HandlerVariant } from './handler-variants.js';

export interface WarmCounts {
  get: number;
  post: number;
  list: number;
}

export interface WarmResult {
  /** Milliseconds per invocation through the handler, by operation. */
  handler: Record<keyof WarmCounts, number[]>;
  /** The same DynamoDB calls made with the SDK directly (the store's client settings). */
  sdk: Record<keyof WarmCounts, number[]>;
  statuses: Record<string, number>;
}

const WARM_UP = 50;

/**
 * One process, warmed up, runs GET /items/{id}, POST /items and GET /items?limit=100 through the
 * handler; then the bare DynamoDB round trips for the same operations, so that the handler's own
 * overhead shows.
 */
export async function measureWarm(
  variant: HandlerVariant,
  scratchDir: string,
  target: { endpoint: string; region: string; tableName: string; itemId: string },
  counts: WarmCounts,
): Promise<WarmResult> {
  const events: BenchEvent[] = [
    { name: 'warm-up', event: restEvent('GET', `/items/${target.itemId}`), times: WARM_UP },
    { name: 'get', event: restEvent('GET', `/items/${target.itemId}`), times: counts.get },
    { name: 'post', event: restEvent('POST', '/items', { name: 'Bench', price: 1, description: 'Made by the benchmark.' }), times: counts.post },
    { name: 'list', event: restEvent('GET', '/items?limit=100'), times: counts.list },
  ];
  const run = await runHandlerProcess(variant, await writeEvents(scratchDir, 'warm', events));
  const durations = run.report!.durations;

  const client = createDocumentClient({ endpoint: target.endpoint, region: target.region });
  const TableName = target.tableName;
  const sdk = { get: [] as number[], post: [] as number[], list: [] as number[] };
  const time = async (into: number[], call: () => Promise<unknown>): Promise<void> => {
    const started = performance.now();
    await call();
    into.push(performance.now() - started);
  };
  for (let i = 0; i < WARM_UP; i += 1) await client.send(new GetCommand({ TableName, Key: { id: target.itemId }, ConsistentRead: true }));
  for (let i = 0; i < counts.get; i += 1) {
    await time(sdk.get, () => client.send(new GetCommand({ TableName, Key: { id: target.itemId }, ConsistentRead: true })));
  }
  for (let i = 0; i < counts.post; i += 1) {
    const now = new Date().toISOString();
    const Item = { id: randomUUID(), name: 'Bench', price: 1, description: 'Made by the benchmark.', createdAt: now, updatedAt: now };
    await time(sdk.post, () => client.send(new PutCommand({ TableName, Item, ConditionExpression: 'attribute_not_exists(id)' })));
  }
  for (let i = 0; i < counts.list; i += 1) {
    // The store reads one item more than a page, to know whether another page follows.
    await time(sdk.list, () => client.send(new ScanCommand({ TableName, Limit: 101, ConsistentRead: true })));
  }
  client.destroy();
  return {
    handler: { get: durations.get ?? [], post: durations.post ?? [], list: durations.list ?? [] },
    sdk,
    statuses: run.report!.statuses,
  };
}
