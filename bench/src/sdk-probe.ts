import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { createDynamoDbClient, type DynamoDbOperation, environmentCredentials } from '@items-api/dynamodb-records';

export interface ProbeConfig {
  endpoint: string;
  region: string;
  /** The table every paired request must name. */
  tableName: string;
  /** Where the probe writes, as the process exits, what it paired (`ProbeRecord`). */
  recordFile: string;
}

export type ProbeName = 'get' | 'post' | 'list';

/** One DynamoDB request as it went on the wire: its operation (`x-amz-target`), endpoint and JSON body. */
export interface WireRequest {
  operation: string;
  host: string;
  path: string;
  body: string;
}

/**
 * What the probe paired, by probe name: how many pairs, each checked identical, the first handler
 * request of each, and the capacity DynamoDB reported for the replays, summed by operation (the
 * handler's requests ask for it, `ReturnConsumedCapacity`, and so do their replays).
 */
export type ProbeRecord = Record<string, { pairs: number; requests: WireRequest[]; capacity: Record<string, number> }>;

/** The operations each probe expects the handler to have made (one call each). */
const EXPECTED: Record<ProbeName, DynamoDbOperation[]> = { get: ['GetItem'], post: ['PutItem'], list: ['Scan'] };

const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * The handler's own DynamoDB requests, replayed with the store's client alone. Loaded into the same
 * process as the handler (`invoke-process.mjs`), this records every DynamoDB request that leaves the
 * process, as the transport writes it (`ClientRequest#end(body)`), so that nothing can drift between
 * the store's code and the bench. After each handler call, the probe named for it replays exactly
 * what the handler sent: the same operation and the same JSON body, byte for byte (so the same
 * parameters, `ReturnConsumedCapacity` among them), to the same endpoint. A create's fresh id is the one
 * thing changed (a new UUID, the same length), since the identical conditional PutItem would fail its
 * condition. Then it checks what its own request put on the wire against the handler's, and throws
 * (failing the process, and the bench) when they differ in anything but that id. So the time of a
 * pair's second call is the client's cost of the handler's very request, and the difference the
 * handler's own.
 */
export function sdkProbe({ endpoint, region, tableName, recordFile }: ProbeConfig): Record<ProbeName, () => Promise<number>> {
  const client = createDynamoDbClient({ endpoint, region, credentials: environmentCredentials() });
  const wire = recordWire();

  const record: ProbeRecord = {};
  process.once('exit', () => writeFileSync(recordFile, `${JSON.stringify(record)}\n`));

  /** Replays the handler's requests; resolves with the time spent in the client's calls alone (ms), the checks left out. */
  const replay = (name: ProbeName) => async (): Promise<number> => {
    let spent = 0;
    const capacity: Record<string, number> = {};
    const handlers = wire.take();
    const expected = EXPECTED[name];
    if (handlers.map((r) => r.operation).join() !== expected.join()) {
      throw new Error(`The handler's ${name} sent ${JSON.stringify(handlers.map((r) => r.operation))}, not ${JSON.stringify(expected)}`);
    }
    for (const request of handlers) {
      const input = JSON.parse(request.body) as Record<string, unknown>;
      if (input.TableName !== tableName) throw new Error(`The handler's ${name} named table ${String(input.TableName)}, not ${tableName}`);
      // A create's item needs an id of its own: the same conditional write would fail its condition.
      const body = request.operation === 'PutItem' ? withFreshId(input, request.body) : request.body;
      const started = performance.now();
      const output = await client.call<{ ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }>(
        request.operation as DynamoDbOperation,
        input,
      );
      spent += performance.now() - started;
      for (const { CapacityUnits } of [output.ConsumedCapacity ?? []].flat()) {
        if (CapacityUnits !== undefined) capacity[request.operation] = (capacity[request.operation] ?? 0) + CapacityUnits;
      }
      const own = wire.take();
      const mine = own[0];
      if (own.length !== 1 || !mine || mine.operation !== request.operation || mine.host !== request.host || mine.path !== request.path) {
        throw new Error(`The probe's ${name} sent ${JSON.stringify(own)}, not the handler's ${JSON.stringify(request)}`);
      }
      if (mine.body !== body)
        throw new Error(`The probe's ${name} request differs from the handler's:\n  handler: ${request.body}\n  probe:   ${mine.body}`);
    }
    const into = (record[name] ??= { pairs: 0, requests: handlers, capacity: {} });
    into.pairs += 1;
    for (const [operation, units] of Object.entries(capacity)) into.capacity[operation] = (into.capacity[operation] ?? 0) + units;
    return spent;
  };
  return { get: replay('get'), post: replay('post'), list: replay('list') };
}

/**
 * Records every DynamoDB request that leaves the process from now on, as the transport writes it
 * (`ClientRequest#end(body)`), whoever's client sends it; `take` hands over those recorded since the
 * last `take`. Records, never changes: each request goes on as it would have.
 */
export function recordWire(): { take(): WireRequest[] } {
  let sent: WireRequest[] = [];
  const end = http.ClientRequest.prototype.end;
  http.ClientRequest.prototype.end = function (this: http.ClientRequest, ...args: unknown[]) {
    const target = this.getHeader('x-amz-target');
    if (typeof target === 'string' && target.startsWith(TARGET_PREFIX) && typeof args[0] === 'string') {
      sent.push({ operation: target.slice(TARGET_PREFIX.length), host: String(this.getHeader('host')), path: this.path, body: args[0] });
    }
    return (end as (...a: unknown[]) => http.ClientRequest).apply(this, args);
  } as typeof end;
  return {
    take() {
      const taken = sent;
      sent = [];
      return taken;
    },
  };
}

/**
 * Gives the item a PutItem writes (`input`, parsed from `body`) a fresh id, and returns `body` as it
 * must then read: the same with that id, which must occur in it once only, replaced.
 */
function withFreshId(input: Record<string, unknown>, body: string): string {
  const key = (input as { Item?: { id?: { S?: unknown } } }).Item?.id;
  const id = key?.S;
  if (!key || typeof id !== 'string' || body.split(id).length !== 2)
    throw new Error(`A create's PutItem whose item id is not one string found once in its body: ${body}`);
  const fresh = randomUUID();
  key.S = fresh;
  return body.replace(id, fresh);
}
