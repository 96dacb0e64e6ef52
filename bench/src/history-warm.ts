import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDbRecordStore } from '@items-api/dynamodb-records';
import { itemsTable } from '@items-api/function/resources';
import type { LambdaNode } from '@items-api/lambda-runner';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { BENCH_ITEM, type SetupClients } from './bench-tables.js';
import type { BenchEvent } from './events.js';
import { bundleSdkProbe, type HandlerVariant, runHandlerProcess, writeEvents } from './handler-variants.js';
import type { HistoryProbeConfig, HistoryProbeRecord } from './history-probe.js';
import type { WireRequest } from './sdk-probe.js';
import { itemInsertEvent } from './stream-events.js';

export interface HistoryWarmCounts {
  /** Invocations with a batch of one INSERT record (what a write at low traffic makes). */
  single: number;
  /** Invocations with a batch of `BATCH_SIZE` INSERT records (the template's BatchSize, under load). */
  full: number;
}

/** The template's `BatchSize` for HistoryFunction's stream mapping: the most records one invocation gets. */
export const BATCH_SIZE = 100;

/** HistoryFunction, warm, answering batches of one size. */
export interface HistoryWarmSeries {
  recordsPerInvocation: number;
  /** Milliseconds per invocation (the whole batch, every PutItem awaited). */
  handlerMs: number[];
  /** The identical PutItems replayed after each invocation, one after another (ms, all of an invocation's together). */
  replayMs: number[];
  /** PutItems the consumer sent per record (all replayed). */
  putsPerRecord: number;
  /** Capacity DynamoDB reported per record, by operation, for the replays of its PutItems. */
  capacityUnits: Record<string, number>;
  /** Bytes the consumer wrote to stdout and stderr per invocation (its log lines; Lambda's own aside). */
  logBytes: number;
  /** The first PutItem the consumer sent, as it went on the wire. */
  request?: WireRequest;
}

export interface HistoryWarmResult {
  series: HistoryWarmSeries[];
  statuses: Record<string, number>;
}

const WARM_UP_SINGLE = 20;
const WARM_UP_FULL = 1;
/** Items created at once while preparing the records (each its own conditional PutItem, as POST /items makes it). */
const CREATE_CONCURRENCY = 8;
/** Sequence numbers from here on: clear of the consumers' cold-start runs, which number theirs from 1. */
const FIRST_SEQUENCE = 1_000_000;

/**
 * HistoryFunction warm, in one process (its zip and the layer, the template's environment): warmed up,
 * then invoked with batches of one INSERT record and with batches of `BATCH_SIZE`, interleaved (a full
 * batch after each share of the single ones). Every record is the INSERT of an item of its own, created
 * by the store as POST /items creates it, in the warm POST's shape (`BENCH_ITEM`), so every PutItem
 * writes an entry (none finds it there). After each invocation its PutItems are replayed, with capacity
 * asked for (`history-probe.ts`): what the history's write consumes. Throws unless every invocation was
 * paired, and unless the consumer sent one PutItem per record.
 */
export async function measureHistoryWarm(
  node: LambdaNode,
  variant: HandlerVariant,
  clients: SetupClients,
  scratchDir: string,
  target: { endpoint: string; region: string; tableName: string; historyTableName: string },
  counts: HistoryWarmCounts,
): Promise<HistoryWarmResult> {
  const invocations = { single: WARM_UP_SINGLE + counts.single, full: WARM_UP_FULL + counts.full };
  const ids = await createItems(clients, target.tableName, invocations.single + invocations.full * BATCH_SIZE);
  let sequence = FIRST_SEQUENCE;
  const batch = async (size: number): Promise<DynamoDBStreamEvent> => {
    const taken = ids.splice(0, size);
    const events = await Promise.all(
      taken.map((id) => {
        sequence += 1;
        return itemInsertEvent(clients, target.tableName, id, target.region, sequence);
      }),
    );
    return { Records: events.flatMap((event) => event.Records) };
  };
  const names = { single: 'history:1', full: `history:${BATCH_SIZE}` } as const;
  const event = async (name: string, size: number): Promise<BenchEvent> => ({
    name,
    event: await batch(size),
    probe: 'history',
    capture: true,
  });
  const events: BenchEvent[] = [];
  for (let i = 0; i < WARM_UP_SINGLE; i += 1) events.push(await event('history-warm-up:1', 1));
  for (let i = 0; i < WARM_UP_FULL; i += 1) events.push(await event(`history-warm-up:${BATCH_SIZE}`, BATCH_SIZE));
  // Each full batch after its share of the single ones, so that both sizes meet the same conditions.
  for (let full = 0, single = 0; full < counts.full || single < counts.single; ) {
    const share = Math.ceil((counts.single - single) / Math.max(1, counts.full - full));
    for (let i = 0; i < share; i += 1, single += 1) events.push(await event(names.single, 1));
    if (full < counts.full) {
      events.push(await event(names.full, BATCH_SIZE));
      full += 1;
    }
  }
  const recordFile = join(scratchDir, 'history-probe.json');
  const config: HistoryProbeConfig = {
    endpoint: target.endpoint,
    region: target.region,
    historyTableName: target.historyTableName,
    recordFile,
  };
  const probe = { file: await bundleSdkProbe(scratchDir, 'history-probe'), config };
  const run = await runHandlerProcess(node, variant, await writeEvents(scratchDir, 'history-warm', events), probe);
  const { durations, output, statuses } = run.report!;
  const replayed = JSON.parse(await readFile(recordFile, 'utf8')) as HistoryProbeRecord;
  const seriesOf = (name: string, records: number, expected: number): HistoryWarmSeries => {
    const handlerMs = durations[name] ?? [];
    const replayMs = durations[`${name}:sdk`] ?? [];
    const probed = replayed[name];
    const captured = output[name];
    if (
      handlerMs.length !== expected ||
      replayMs.length !== expected ||
      probed?.invocations !== expected ||
      captured?.invocations !== expected
    )
      throw new Error(
        `History ${name}: ${handlerMs.length} invocations, ${replayMs.length} timed replays, ${probed?.invocations ?? 0} paired, ` +
          `${captured?.invocations ?? 0} captured; expected ${expected} each`,
      );
    if (probed.puts !== records * expected)
      throw new Error(`History ${name}: the consumer sent ${probed.puts} PutItems for ${records * expected} records, not one each`);
    return {
      recordsPerInvocation: records,
      handlerMs,
      replayMs,
      putsPerRecord: probed.puts / (records * expected),
      capacityUnits: Object.fromEntries(Object.entries(probed.capacity).map(([operation, units]) => [operation, units / probed.puts])),
      logBytes: captured.bytes / captured.invocations,
      ...(probed.first && { request: probed.first }),
    };
  };
  return { series: [seriesOf(names.single, 1, counts.single), seriesOf(names.full, BATCH_SIZE, counts.full)], statuses };
}

/** `count` items in the warm POST's shape, each created by the store as POST /items creates it; their ids. */
async function createItems(clients: SetupClients, tableName: string, count: number): Promise<string[]> {
  const store = new DynamoDbRecordStore(itemsTable.declaration, { client: clients.store, tableName });
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next;
      next += 1;
      ids[i] = (await store.create({ ...BENCH_ITEM })).id;
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  return ids;
}
