import type { LambdaNode } from '@items-api/lambda-runner';
import { type BenchEvent, restEvent } from './events.js';
import { bundleSdkProbe, type HandlerVariant, runHandlerProcess, writeEvents } from './handler-variants.js';

export interface WarmCounts {
  get: number;
  post: number;
  list: number;
}

type Operation = keyof WarmCounts;

export interface WarmResult {
  /** Milliseconds per invocation through the handler, by operation. */
  handler: Record<Operation, number[]>;
  /** The same DynamoDB call with the SDK alone, made right after each handler call, in the same process. */
  sdk: Record<Operation, number[]>;
  /** Handler minus its paired SDK call, call by call: the handler's own cost. */
  overhead: Record<Operation, number[]>;
  statuses: Record<string, number>;
}

const WARM_UP = 50;

/**
 * One process, warmed up, runs GET /items/{id}, POST /items and GET /items?limit=100 through the
 * handler, each call followed by the bare DynamoDB round trip it makes (the SDK with the store's
 * settings), so that the handler's own overhead is measured pair by pair under the same conditions.
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
  const probe = { file: await bundleSdkProbe(scratchDir), config: target };
  const run = await runHandlerProcess(node, variant, await writeEvents(scratchDir, 'warm', events), probe);
  const durations = run.report!.durations;
  const ops: Operation[] = ['get', 'post', 'list'];
  const series = (key: string): number[] => durations[key] ?? [];
  return {
    handler: Object.fromEntries(ops.map((op) => [op, series(op)])) as Record<Operation, number[]>,
    sdk: Object.fromEntries(ops.map((op) => [op, series(`${op}:sdk`)])) as Record<Operation, number[]>,
    overhead: Object.fromEntries(ops.map((op) => [op, series(op).map((ms, i) => ms - series(`${op}:sdk`)[i]!)])) as Record<
      Operation,
      number[]
    >,
    statuses: run.report!.statuses,
  };
}
