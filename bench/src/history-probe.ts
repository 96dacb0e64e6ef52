import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createDynamoDbClient, environmentCredentials } from '@items-api/dynamodb-records';
import { recordWire, type WireRequest } from './sdk-probe.js';

// The probe `invoke-process.mjs` pairs HistoryFunction's invocations with (it calls the module's
// `sdkProbe`, as it does `sdk-probe.ts`'s): what the history's PutItems consume, which the consumer does
// not report (its client asks for no `ConsumedCapacity`, and publishes no metric of it).

export interface HistoryProbeConfig {
  endpoint: string;
  region: string;
  /** The history table every PutItem must name. */
  historyTableName: string;
  /** Where the probe writes, as the process exits, what it replayed (`HistoryProbeRecord`). */
  recordFile: string;
}

/**
 * By event name (`history:1`…): how many invocations were paired, how many PutItems they sent (all
 * replayed), the capacity DynamoDB reported for the replays summed by operation, and the first request.
 */
export type HistoryProbeRecord = Record<
  string,
  { invocations: number; puts: number; capacity: Record<string, number>; first?: WireRequest }
>;

/**
 * After each invocation of the consumer, `history(name)` replays every DynamoDB request it sent, each a
 * PutItem on the history table (else it throws, failing the process and the bench): the same JSON body,
 * with two changes only. The record's id, wherever it occurs (the entry's key, its `id`, its record),
 * is a fresh UUID of the same length, so the item is as large and the conditional put writes a new
 * entry instead of failing its condition on the one just written; and `ReturnConsumedCapacity: TOTAL` is
 * asked for. Resolves with the replays' time (ms).
 */
export function sdkProbe({ endpoint, region, historyTableName, recordFile }: HistoryProbeConfig): {
  history: (name: string) => Promise<number>;
} {
  const client = createDynamoDbClient({ endpoint, region, credentials: environmentCredentials() });
  const wire = recordWire();
  const record: HistoryProbeRecord = {};
  process.once('exit', () => writeFileSync(recordFile, `${JSON.stringify(record)}\n`));
  return {
    history: async (name: string): Promise<number> => {
      const requests = wire.take();
      const into = (record[name] ??= { invocations: 0, puts: 0, capacity: {}, ...(requests[0] && { first: requests[0] }) });
      into.invocations += 1;
      let spent = 0;
      for (const request of requests) {
        const input = replayOf(request, historyTableName);
        const started = performance.now();
        const output = await client.call<{ ConsumedCapacity?: { CapacityUnits?: number } }>('PutItem', input);
        spent += performance.now() - started;
        wire.take();
        const units = output.ConsumedCapacity?.CapacityUnits;
        if (units === undefined) throw new Error(`DynamoDB reported no ConsumedCapacity for the replayed history PutItem: ${request.body}`);
        into.puts += 1;
        into.capacity.PutItem = (into.capacity.PutItem ?? 0) + units;
      }
      return spent;
    },
  };
}

/** The replay of one of the consumer's requests (see `sdkProbe`); throws unless it is a PutItem on `historyTableName` that asked for no capacity. */
export function replayOf(request: WireRequest, historyTableName: string): Record<string, unknown> {
  const input = JSON.parse(request.body) as { TableName?: unknown; ReturnConsumedCapacity?: unknown; Item?: { id?: { S?: unknown } } };
  if (request.operation !== 'PutItem' || input.TableName !== historyTableName)
    throw new Error(`HistoryFunction sent ${request.operation} on ${String(input.TableName)}, not a PutItem on ${historyTableName}`);
  if (input.ReturnConsumedCapacity !== undefined)
    throw new Error(`HistoryFunction's PutItem asks for ConsumedCapacity already: ${request.body}`);
  const id = input.Item?.id?.S;
  if (typeof id !== 'string' || id.length < 8) throw new Error(`A history PutItem without the record's id as a string: ${request.body}`);
  const fresh = randomUUID().slice(0, id.length).padEnd(id.length, '0');
  const body = request.body.split(id).join(fresh);
  return { ...(JSON.parse(body) as Record<string, unknown>), ReturnConsumedCapacity: 'TOTAL' };
}
