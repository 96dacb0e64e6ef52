import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { LambdaNode } from '@items-api/lambda-runner';
import type { SetupClients } from './bench-tables.js';
import { type ColdStartSeries, measureColdStarts } from './cold-start.js';
import { type HandlerVariant, writeEvents } from './handler-variants.js';
import { itemInsertEvent } from './stream-events.js';

export interface ConsumerTarget {
  region: string;
  tableName: string;
  historyTableName: string;
  /** Stored items none of whose INSERTs has been consumed: one per cold run. */
  ids: string[];
}

/**
 * The stream consumers' cold starts, interleaved as the API's are: each process answers a batch of one
 * INSERT record of an item of its own, so that every run makes the conditional write (never finds the
 * entry there and fails the condition). Then checks that every run wrote its entry, and that the bare
 * consumer's entries hold the same attributes as HistoryFunction's.
 */
export async function measureConsumerColdStarts(
  node: LambdaNode,
  variants: { bare: HandlerVariant; consumer: HandlerVariant },
  clients: SetupClients,
  target: ConsumerTarget,
  scratch: string,
  rounds: number,
): Promise<ColdStartSeries[]> {
  const order = [variants.bare, variants.consumer];
  if (target.ids.length < rounds * order.length)
    throw new Error(`${rounds * order.length} items are needed for the consumers' cold starts`);
  const written: string[][] = order.map(() => []);
  const series = await measureColdStarts(
    node,
    order,
    async ({ round, variant }) => {
      const run = round * order.length + variant;
      const id = target.ids[run]!;
      written[variant]!.push(id);
      const event = await itemInsertEvent(clients, target.tableName, id, target.region, run + 1);
      return writeEvents(scratch, `history-${run}`, [{ name: 'history', event }]);
    },
    rounds,
  );
  const [bare, consumer] = await Promise.all(written.map((ids) => Promise.all(ids.map((id) => historyEntry(clients, target, id)))));
  const missing = [...bare!, ...consumer!].filter((entry) => !entry.item).map((entry) => entry.id);
  if (missing.length > 0) throw new Error(`No history entry was written for ${missing.join(', ')}`);
  const names = (entry: { item: Record<string, unknown> | undefined }) =>
    Object.keys(entry.item ?? {})
      .sort()
      .join(',');
  if (names(bare![0]!) !== names(consumer![0]!)) {
    throw new Error(`The bare consumer writes ${names(bare![0]!)}, HistoryFunction ${names(consumer![0]!)}: not the same work`);
  }
  return series;
}

async function historyEntry(clients: SetupClients, target: ConsumerTarget, id: string) {
  const { Item } = await clients.dynamoDb.send(
    new GetItemCommand({
      TableName: target.historyTableName,
      Key: { recordKey: { S: `items#${id}` }, change: { S: '000000000001' } },
      ConsistentRead: true,
    }),
  );
  return { id, item: Item };
}
