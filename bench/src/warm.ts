import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LambdaNode } from '@items-api/lambda-runner';
import { BENCH_ITEM } from './bench-tables.js';
import { type BenchEvent, httpApiEvent, restEvent } from './events.js';
import { bundleSdkProbe, type HandlerVariant, runHandlerProcess, writeEvents } from './handler-variants.js';
import type { ProbeConfig, ProbeRecord, WireRequest } from './sdk-probe.js';

export interface WarmCounts {
  get: number;
  post: number;
  list: number;
}

type Operation = keyof WarmCounts;

/** One event format's warm series, by operation. */
export interface WarmSeries {
  /** Milliseconds per invocation through the handler, by operation. */
  handler: Record<Operation, number[]>;
  /**
   * The handler's own DynamoDB request, replayed with the store's client alone right after each handler
   * call, in the same process: the same operation and JSON body, checked byte for byte (`sdk-probe.ts`).
   */
  sdk: Record<Operation, number[]>;
  /** Handler minus its paired SDK call, call by call: the handler's own cost. */
  overhead: Record<Operation, number[]>;
  /** What each operation's requests consumed and wrote, per request (means over its timed calls). */
  consumed: Record<Operation, Consumed>;
}

/** The REST API (v1) events' series at the top, the HTTP API's (payload format 2.0) under `httpApi`. */
export interface WarmResult extends WarmSeries {
  /** The same operations as HTTP API (payload 2.0) events, which function URLs send too: another path through Hono's adapter. */
  httpApi: WarmSeries;
  /** The first request the handler sent for each operation, as it went on the wire: what each pair replays. */
  requests: Record<Operation, WireRequest[]>;
  statuses: Record<string, number>;
}

/** One request's DynamoDB capacity, log output and size, as measured. */
export interface Consumed {
  /**
   * The capacity units DynamoDB reported, by DynamoDB operation, as the handler's own metrics published
   * them (its EMF documents' `ConsumedCapacity`); checked equal to what DynamoDB reported for the
   * identical replays.
   */
  capacityUnits: Record<string, number>;
  /** Bytes the handler wrote to stdout and stderr (its log line, its EMF documents): what CloudWatch Logs ingests, Lambda's own lines aside. */
  logBytes: number;
  /** The event's JSON size: more than the HTTP request API Gateway meters (by 512 KB for HTTP APIs). */
  eventBytes: number;
}

const WARM_UP = 50;
/** Calls in a row of one format before the other's: the two formats alternate in blocks this long. */
const BLOCK = 10;
const OPERATIONS: Operation[] = ['get', 'post', 'list'];
/** The series' names of each format in `invoke-process.mjs`'s report: `get`, `get:v2`… */
const FORMATS = { rest: '', httpApi: ':v2' } as const;

/**
 * One process, warmed up, runs GET /items/{id}, POST /items and GET /items?limit=100 through the
 * handler, as REST API (v1) and as HTTP API (payload 2.0) events, the two formats alternating in
 * blocks of `BLOCK` calls; each call followed by the identical DynamoDB request with the store's client
 * alone (the handler's request, recorded off the wire and replayed: `sdk-probe.ts`), so that the
 * handler's own overhead is measured pair by pair under the same conditions. Throws unless every call
 * was paired, and unless each call's DynamoDB capacity, as its metrics report it, is its replay's.
 */
export async function measureWarm(
  node: LambdaNode,
  variant: HandlerVariant,
  scratchDir: string,
  target: { endpoint: string; region: string; tableName: string; itemId: string },
  counts: WarmCounts,
): Promise<WarmResult> {
  const created = { ...BENCH_ITEM };
  const made: Record<keyof typeof FORMATS, Record<Operation, BenchEvent['event']>> = {
    rest: {
      get: restEvent('GET', `/items/${target.itemId}`),
      post: restEvent('POST', '/items', created),
      list: restEvent('GET', '/items?limit=100'),
    },
    httpApi: {
      get: httpApiEvent('GET', `/items/${target.itemId}`),
      post: httpApiEvent('POST', '/items', created),
      list: httpApiEvent('GET', '/items?limit=100'),
    },
  };
  const events: BenchEvent[] = [
    { name: 'warm-up', event: made.rest.get, times: WARM_UP, probe: 'get' },
    { name: 'warm-up:v2', event: made.httpApi.get, times: WARM_UP, probe: 'get' },
    ...OPERATIONS.flatMap((op) => alternating(op, counts[op], made)),
  ];
  const recordFile = join(scratchDir, 'warm-probe.json');
  const config: ProbeConfig = { endpoint: target.endpoint, region: target.region, tableName: target.tableName, recordFile };
  const probe = { file: await bundleSdkProbe(scratchDir), config };
  const run = await runHandlerProcess(node, variant, await writeEvents(scratchDir, 'warm', events), probe);
  const { durations, output } = run.report!;
  const series = (key: string): number[] => durations[key] ?? [];
  const paired = JSON.parse(await readFile(recordFile, 'utf8')) as ProbeRecord;
  // Every handler call was followed by its identical request (the probe throws, failing the process, on any difference).
  const expectedPairs = { get: 2 * (WARM_UP + counts.get), post: 2 * counts.post, list: 2 * counts.list };
  for (const op of OPERATIONS) {
    for (const suffix of Object.values(FORMATS)) {
      const [calls, timed] = [series(`${op}${suffix}`).length, series(`${op}${suffix}:sdk`).length];
      if (calls !== counts[op] || timed !== counts[op])
        throw new Error(`Warm ${op}${suffix}: ${calls} handler calls, ${timed} timed replays; expected ${counts[op]} each`);
    }
    const pairs = paired[op]?.pairs ?? 0;
    if (pairs !== expectedPairs[op]) throw new Error(`Warm ${op}: ${pairs} checked pairs, expected ${expectedPairs[op]}`);
  }
  const seriesOf = (format: keyof typeof FORMATS): WarmSeries => {
    const suffix = FORMATS[format];
    const byOp = <T>(value: (op: Operation) => T): Record<Operation, T> =>
      Object.fromEntries(OPERATIONS.map((op) => [op, value(op)])) as Record<Operation, T>;
    return {
      handler: byOp((op) => series(`${op}${suffix}`)),
      sdk: byOp((op) => series(`${op}${suffix}:sdk`)),
      overhead: byOp((op) => series(`${op}${suffix}`).map((ms, i) => ms - series(`${op}${suffix}:sdk`)[i]!)),
      consumed: byOp((op) => {
        const captured = output[`${op}${suffix}`];
        if (!captured || captured.invocations !== counts[op])
          throw new Error(`Warm ${op}${suffix}: the handler's output of ${captured?.invocations ?? 0} calls captured, not ${counts[op]}`);
        const handlerUnits = perRequest(captured.capacity, captured.invocations);
        // The replays of the same requests must have been reported the same capacity: else the metrics were misread.
        const replayUnits = perRequest(paired[op]?.capacity ?? {}, expectedPairs[op]);
        const operations = new Set([...Object.keys(handlerUnits), ...Object.keys(replayUnits)]);
        if (operations.size === 0 || [...operations].some((o) => Math.abs((handlerUnits[o] ?? -1) - (replayUnits[o] ?? -2)) > 1e-9))
          throw new Error(
            `Warm ${op}${suffix}: the handler's metrics report ${JSON.stringify(handlerUnits)} capacity units per request, ` +
              `its replays ${JSON.stringify(replayUnits)}`,
          );
        return {
          capacityUnits: handlerUnits,
          logBytes: captured.bytes / captured.invocations,
          eventBytes: Buffer.byteLength(JSON.stringify(made[format][op])),
        };
      }),
    };
  };
  return {
    ...seriesOf('rest'),
    httpApi: seriesOf('httpApi'),
    requests: Object.fromEntries(OPERATIONS.map((op) => [op, paired[op]?.requests ?? []])) as Record<Operation, WireRequest[]>,
    statuses: run.report!.statuses,
  };
}

/** `count` calls of `op` in each format, the formats alternating in blocks of `BLOCK`, REST's first. */
function alternating(
  op: Operation,
  count: number,
  made: Record<keyof typeof FORMATS, Record<Operation, BenchEvent['event']>>,
): BenchEvent[] {
  const events: BenchEvent[] = [];
  for (let done = 0; done < count; done += BLOCK) {
    const times = Math.min(BLOCK, count - done);
    for (const format of ['rest', 'httpApi'] as const)
      events.push({ name: `${op}${FORMATS[format]}`, event: made[format][op], times, probe: op, capture: true });
  }
  return events;
}

/** Totals by operation, divided by the number of requests they came from. */
function perRequest(totals: Record<string, number>, requests: number): Record<string, number> {
  return Object.fromEntries(Object.entries(totals).map(([operation, units]) => [operation, units / requests]));
}
