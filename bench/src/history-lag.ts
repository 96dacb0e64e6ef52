import { setTimeout as delay } from 'node:timers/promises';
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbRecordStore } from '@items-api/dynamodb-records';
import { itemsTable } from '@items-api/function/resources';
import type { SetupClients } from './bench-tables.js';

/** The history table's key of an item's change: `items#<id>`, its version zero-padded to 12 digits (`historyKeyOf`). */
const keyOf = (id: string, version: number) => ({ recordKey: { S: `items#${id}` }, change: { S: String(version).padStart(12, '0') } });

export interface LagOptions {
  clients: SetupClients;
  /** An items table with a stream (NEW_AND_OLD_IMAGES) a mapping reads into `historyTableName`. */
  tableName: string;
  historyTableName: string;
  /** Writes in all, alternately a create and a replace of the item just created. */
  writes: number;
  /** One write is started this often at most (writes are made one after another). */
  paceMs: number;
  /** How often the entries not yet seen are looked for. */
  pollMs: number;
  /** Beyond this, an entry never seen fails the run. */
  timeoutMs: number;
}

export interface LagResult {
  /** Per write, from its answer to the end of the first read that found its history entry. */
  lagMs: number[];
  /** Each read of the pending entries (BatchGetItem, strongly consistent): the lag's resolution, with `pollMs`. */
  readMs: number[];
}

/**
 * The lag from a write to its history entry: items written by the store, paced, while a poller reads the
 * entries not yet seen every `pollMs` (one strongly consistent BatchGetItem of them all) and notes when
 * each is first found. A lag is thus over-stated by at most `pollMs` plus one read; the mapping's own poll
 * of the stream (4 a second) bounds it from below. The first write (a cold consumer) is made and waited
 * for beforehand and not counted.
 */
export async function measureHistoryLag(options: LagOptions): Promise<LagResult> {
  const store = new DynamoDbRecordStore(itemsTable.declaration, { client: options.clients.store, tableName: options.tableName });
  const pending = new Map<string, { id: string; version: number; answeredAt: number; counted: boolean }>();
  const lagMs: number[] = [];
  const readMs: number[] = [];
  let running = true;

  const poller = (async () => {
    while (running) {
      const keys = [...pending.values()].slice(0, 100);
      if (keys.length > 0) {
        const started = performance.now();
        const answer = await options.clients.dynamoDb.send(
          new BatchGetItemCommand({
            RequestItems: {
              [options.historyTableName]: {
                Keys: keys.map(({ id, version }) => keyOf(id, version)),
                ConsistentRead: true,
                ProjectionExpression: 'recordKey, change',
              },
            },
          }),
        );
        const readAt = performance.now();
        readMs.push(readAt - started);
        for (const item of answer.Responses?.[options.historyTableName] ?? []) {
          const name = `${item.recordKey!.S}/${item.change!.S}`;
          const write = pending.get(name);
          if (!write) continue;
          pending.delete(name);
          if (write.counted) lagMs.push(readAt - write.answeredAt);
        }
      }
      await delay(options.pollMs);
    }
  })();

  const expect = (id: string, version: number, counted: boolean): void => {
    const { recordKey, change } = keyOf(id, version);
    pending.set(`${recordKey.S}/${change.S}`, { id, version, answeredAt: performance.now(), counted });
  };
  const allSeen = async (timeoutMs: number): Promise<void> => {
    const since = performance.now();
    while (pending.size > 0) {
      if (performance.now() - since > timeoutMs) {
        const late = [...pending.values()][0]!;
        throw new Error(`No history entry for ${late.id} version ${late.version} within ${timeoutMs} ms of the writes`);
      }
      await delay(options.pollMs);
    }
  };

  try {
    // Warm-up: the consumer's first batch starts it (cold), then every later one finds it warm.
    const first = await store.create({ name: 'History warm-up', price: 100, description: 'Not counted.' });
    expect(first.id, first.version, false);
    await allSeen(options.timeoutMs * 3);

    let last = { id: '', version: 0 };
    for (let i = 0; i < options.writes; i += 1) {
      const started = performance.now();
      const written =
        i % 2 === 0
          ? await store.create({ name: `History ${i}`, price: 100 + i, description: 'Written for the history lag.' })
          : await store.replace(last.id, { name: `History ${i - 1}, renamed`, price: 200 + i, description: 'Replaced.' });
      expect(written.id, written.version, true);
      last = written;
      const rest = options.paceMs - (performance.now() - started);
      if (rest > 0) await delay(rest);
    }
    await allSeen(options.timeoutMs);
    return { lagMs, readMs };
  } finally {
    running = false;
    await poller;
  }
}
