import { setTimeout as delay } from 'node:timers/promises';
import type { FailureDestination } from './failure-destination.js';
import { nextBatch } from './stream-batching.js';
import { deliverBatch, type StreamInvoker } from './stream-delivery.js';
import type { DynamoDbStreamRecord } from './stream-event.js';
import { deliveryLine } from './stream-log.js';
import type { StreamMappingDefinition } from './stream-mapping-definition.js';
import { openStreamSource, type ShardInfo, type ShardPosition, type StreamConnection, type StreamSource } from './stream-source.js';

export interface StreamMappingOptions extends StreamConnection {
  definition: StreamMappingDefinition;
  /** The table `definition.tableLogicalId` stands for locally. */
  tableName: string;
  invoke: StreamInvoker;
  /** Where discarded records go (the definition's `onFailureDestination`); without, they are only logged. */
  failureDestination?: FailureDestination;
  log?: (line: string) => void;
  /** How often a shard with nothing new is read: Lambda's 4 times a second. */
  pollIntervalMs?: number;
  /** The wait before a retry (see `defaultRetryDelayMs`). */
  retryDelayMs?: (retry: number) => number;
  /**
   * Reads this source rather than `tableName`'s stream at `endpoint`: for tests of what DynamoDB Local
   * cannot be made to do (trim a stream on demand, say).
   */
  source?: StreamSource;
}

export interface StreamMapping {
  readonly streamArn: string;
  /** Stops reading and delivering at once; an invocation under way is left to end alone. */
  stop(): Promise<void>;
  /**
   * Resolves once every shard has been read to its end as of the call, everything read delivered or
   * discarded, and nothing is in flight: for tests and benchmarks. Never, while a record is retried.
   */
  idle(): Promise<void>;
}

interface ShardState {
  done: boolean;
  /** When the last read that found nothing new, with nothing left to deliver, started. */
  caughtUpAt: number;
  run: Promise<void>;
}

const POLL_INTERVAL_MS = 250;
// New shards appear when DynamoDB splits or rolls one over, every few hours: looked for now and then,
// and at once when a shard ends (its children are read next).
const DISCOVERY_INTERVAL_MS = 5_000;

/**
 * Lambda's event source mapping for one `Type: DynamoDB` event, run locally: reads each shard of the
 * table's stream in order (a child after its parent), one batch in flight per shard, and delivers
 * the batches as Lambda does (see `deliverBatch`). Checkpoints live in memory: a mapping started
 * again reads from its StartingPosition again (TRIM_HORIZON: the whole stream, which a consumer's
 * conditional writes make harmless).
 */
export async function startStreamMapping(options: StreamMappingOptions): Promise<StreamMapping> {
  const { definition } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pollIntervalMs = options.pollIntervalMs ?? POLL_INTERVAL_MS;
  const source = options.source ?? (await openStreamSource(options.tableName, options));
  const functionArn = `arn:aws:lambda:${options.region}:123456789012:function:${definition.functionLogicalId}`;
  const stopping = new AbortController();
  const { signal } = stopping;
  const shards = new Map<string, ShardState>();
  const waiters = new Set<{ since: number; resolve: () => void; reject: (error: Error) => void }>();
  let waitingChildren = 0;
  let discoveredAt = Number.NEGATIVE_INFINITY;
  let discoveryWanted = false;
  let wake: () => void = () => undefined;
  const wakeDiscovery = (): void => {
    discoveryWanted = true;
    wake();
  };
  signal.addEventListener('abort', () => wake(), { once: true });

  const checkIdle = (): void => {
    for (const waiter of waiters) {
      const settled = [...shards.values()].every((shard) => shard.done || shard.caughtUpAt >= waiter.since);
      if (settled && waitingChildren === 0 && discoveredAt >= waiter.since) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const readShard = async (shardId: string, startingPosition: ShardPosition, state: ShardState): Promise<void> => {
    const source_ = `${definition.functionLogicalId} ← ${definition.tableLogicalId} ${shardId}`;
    const buffer: DynamoDbStreamRecord[] = [];
    let firstReadAtMs = 0;
    let position = startingPosition;
    let iterator: string | undefined;
    let lastRead: string | undefined;
    let ended = false;
    let failures = 0;
    while (!signal.aborted) {
      try {
        let readSome = false;
        if (!ended && buffer.length < definition.batchSize) {
          iterator ??= await source.iterator(shardId, lastRead ? { after: lastRead } : position);
          const started = performance.now();
          const { records, next } = await source.read(iterator, signal);
          failures = 0;
          iterator = next;
          ended = next === undefined;
          if (records.length > 0) {
            if (buffer.length === 0) firstReadAtMs = Date.now();
            buffer.push(...records);
            lastRead = records.at(-1)!.dynamodb.SequenceNumber;
            readSome = true;
          } else if (buffer.length === 0) {
            state.caughtUpAt = started;
            checkIdle();
          }
        }
        const batch = nextBatch(buffer, definition, { firstReadAtMs, nowMs: Date.now(), shardEnded: ended });
        if (batch.length > 0) {
          const result = await deliverBatch(batch, definition, {
            invoke: options.invoke,
            functionArn,
            shardId,
            streamArn: source.streamArn,
            discard: async (message) => {
              if (definition.onFailureDestination) await options.failureDestination?.send(message);
            },
            report: (step) => log(deliveryLine(source_, step, definition.onFailureDestination)),
            signal,
            ...(options.retryDelayMs && { retryDelayMs: options.retryDelayMs }),
          });
          if (result === 'stopped') return;
          buffer.splice(0, batch.length);
          if (buffer.length > 0) firstReadAtMs = Date.now();
          continue;
        }
        if (ended && buffer.length === 0) {
          state.done = true;
          wakeDiscovery();
          checkIdle();
          return;
        }
        if (!readSome) await delay(pollIntervalMs, undefined, { signal });
      } catch (error) {
        if (signal.aborted) return;
        // An expired iterator, DynamoDB away for a moment: read again after what was read.
        iterator = undefined;
        if ((error as Error).name === 'TrimmedDataAccessException') {
          // What follows the last record read (or the starting position) is gone from the stream: the
          // records trimmed meanwhile were never read. On from the oldest record still there, whatever
          // the StartingPosition (LATEST again would skip everything the stream still holds).
          log(
            `${new Date().toISOString()} DynamoDB stream ${source_}: records were trimmed before they were read (lost) ${lastRead ? `after ${lastRead}` : 'since the mapping started'}; reading on from TRIM_HORIZON, the oldest record still in the stream`,
          );
          lastRead = undefined;
          position = { type: 'TRIM_HORIZON' };
        }
        failures += 1;
        if (failures === 1 || failures % 10 === 0)
          log(`${new Date().toISOString()} DynamoDB stream ${source_} read failed (${String(error)}); retrying`);
        await delay(Math.min(pollIntervalMs * 2 ** failures, 5_000), undefined, { signal }).catch(() => undefined);
      }
    }
  };

  const discover = async (first: boolean): Promise<void> => {
    const listed: ShardInfo[] = await source.shards();
    const listedIds = new Set(listed.map((shard) => shard.shardId));
    let waiting = 0;
    // Parents come before their children in DescribeStream's list, so a parent is settled first.
    for (const shard of listed) {
      if (shards.has(shard.shardId)) continue;
      const parent = shard.parentShardId;
      if (parent && listedIds.has(parent) && !shards.get(parent)?.done) {
        waiting += 1;
        continue;
      }
      let position: ShardPosition = { type: 'TRIM_HORIZON' };
      if (first && definition.startingPosition === 'LATEST') {
        // Only what is written from now on: a closed shard holds nothing new; a shard found later, all new.
        if (shard.closed) {
          shards.set(shard.shardId, { done: true, caughtUpAt: Number.POSITIVE_INFINITY, run: Promise.resolve() });
          continue;
        }
        position = { type: 'LATEST' };
      }
      const state: ShardState = { done: false, caughtUpAt: Number.NEGATIVE_INFINITY, run: Promise.resolve() };
      shards.set(shard.shardId, state);
      state.run = readShard(shard.shardId, position, state);
    }
    waitingChildren = waiting;
  };

  await discover(true);
  discoveredAt = performance.now();
  const discovering = (async () => {
    while (!signal.aborted) {
      if (!discoveryWanted) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, DISCOVERY_INTERVAL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      discoveryWanted = false;
      if (signal.aborted) return;
      const started = performance.now();
      try {
        await discover(false);
        discoveredAt = started;
        checkIdle();
      } catch (error) {
        if (!signal.aborted)
          log(`${new Date().toISOString()} DynamoDB stream ${source.streamArn}: DescribeStream failed (${String(error)})`);
      }
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    streamArn: source.streamArn,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await Promise.all([discovering, ...[...shards.values()].map((shard) => shard.run)]);
        source.close();
        for (const waiter of waiters) waiter.reject(new Error('The stream mapping stopped'));
        waiters.clear();
      })();
      return stopped;
    },
    idle() {
      if (signal.aborted) return Promise.reject(new Error('The stream mapping stopped'));
      return new Promise((resolve, reject) => {
        waiters.add({ since: performance.now(), resolve, reject });
        // A shard may have been created since the last look.
        wakeDiscovery();
      });
    },
  };
}
