import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LambdaNode } from '@items-api/lambda-runner';
import { type BenchEvent, restEvent } from './events.js';
import { bundleSdkProbe, type HandlerVariant, runHandlerProcess, writeEvents } from './handler-variants.js';
import type { ProbeConfig, ProbeRecord, WireRequest } from './sdk-probe.js';

export interface WarmCounts {
  get: number;
  post: number;
  list: number;
}

type Operation = keyof WarmCounts;

export interface WarmResult {
  /** Milliseconds per invocation through the handler, by operation. */
  handler: Record<Operation, number[]>;
  /**
   * The handler's own DynamoDB request, replayed with the store's client alone right after each handler
   * call, in the same process: the same operation and JSON body, checked byte for byte (`sdk-probe.ts`).
   */
  sdk: Record<Operation, number[]>;
  /** The first request the handler sent for each operation, as it went on the wire: what each pair replays. */
  requests: Record<Operation, WireRequest[]>;
  /** Handler minus its paired SDK call, call by call: the handler's own cost. */
  overhead: Record<Operation, number[]>;
  statuses: Record<string, number>;
}

const WARM_UP = 50;

/**
 * One process, warmed up, runs GET /items/{id}, POST /items and GET /items?limit=100 through the
 * handler, each call followed by the identical DynamoDB request with the store's client alone (the
 * handler's request, recorded off the wire and replayed: `sdk-probe.ts`), so that the handler's own
 * overhead is measured pair by pair under the same conditions. Throws unless every call was paired.
 */
export async function measureWarm(
  node: LambdaNode,
  variant: HandlerVariant,
  scratchDir: string,
  target: { endpoint: string; region: string; tableName: string; itemId: string },
  counts: WarmCounts,
): Promise<WarmResult> {
  const events: BenchEvent[] = [
    { name: 'warm-up', event: restEvent('GET', `/items/${target.itemId}`), times: WARM_UP, probe: 'get' },
    { name: 'get', event: restEvent('GET', `/items/${target.itemId}`), times: counts.get, probe: 'get' },
    {
      name: 'post',
      event: restEvent('POST', '/items', { name: 'Bench', price: 1, description: 'Made by the benchmark.' }),
      times: counts.post,
      probe: 'post',
    },
    { name: 'list', event: restEvent('GET', '/items?limit=100'), times: counts.list, probe: 'list' },
  ];
  const recordFile = join(scratchDir, 'warm-probe.json');
  const config: ProbeConfig = { endpoint: target.endpoint, region: target.region, tableName: target.tableName, recordFile };
  const probe = { file: await bundleSdkProbe(scratchDir), config };
  const run = await runHandlerProcess(node, variant, await writeEvents(scratchDir, 'warm', events), probe);
  const durations = run.report!.durations;
  const ops: Operation[] = ['get', 'post', 'list'];
  const series = (key: string): number[] => durations[key] ?? [];
  const paired = JSON.parse(await readFile(recordFile, 'utf8')) as ProbeRecord;
  // Every handler call was followed by its identical request (the probe throws, failing the process, on any difference).
  const expectedPairs = { get: WARM_UP + counts.get, post: counts.post, list: counts.list };
  for (const op of ops) {
    const [calls, timed, pairs] = [series(op).length, series(`${op}:sdk`).length, paired[op]?.pairs ?? 0];
    if (calls !== counts[op] || timed !== counts[op] || pairs !== expectedPairs[op])
      throw new Error(
        `Warm ${op}: ${calls} handler calls, ${timed} timed replays, ${pairs} checked pairs; expected ${counts[op]}, ${counts[op]}, ${expectedPairs[op]}`,
      );
  }
  return {
    handler: Object.fromEntries(ops.map((op) => [op, series(op)])) as Record<Operation, number[]>,
    sdk: Object.fromEntries(ops.map((op) => [op, series(`${op}:sdk`)])) as Record<Operation, number[]>,
    overhead: Object.fromEntries(ops.map((op) => [op, series(op).map((ms, i) => ms - series(`${op}:sdk`)[i]!)])) as Record<
      Operation,
      number[]
    >,
    requests: Object.fromEntries(ops.map((op) => [op, paired[op]?.requests ?? []])) as Record<Operation, WireRequest[]>,
    statuses: run.report!.statuses,
  };
}
