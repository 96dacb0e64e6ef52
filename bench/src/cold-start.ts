import type { LambdaNode } from '@items-api/lambda-runner';
import { type HandlerVariant, type ProcessRun, runBareNode, runHandlerProcess } from './handler-variants.js';

export interface ColdStartSeries {
  name: string;
  /** Spawn to exit of a process that loads the handler and answers one event. */
  wallMs: number[];
  /** Loading the handler module alone (Lambda's init, less Node's own start). */
  importMs: number[];
  /** The first invocation, after loading. */
  firstInvokeMs: number[];
  maxRssKb: number[];
  statuses: Record<string, number>;
}

/**
 * The events file each process invokes: one for all, or one per run (a stream consumer's, whose every
 * run must write a change of its own, not find it written).
 */
export type ColdEvents = string | ((run: { round: number; variant: number }) => Promise<string>);

/**
 * `rounds` fresh processes per variant, interleaved (A, B, C, node, then B, C, node, A, …) so that
 * whatever else the machine does falls on every variant alike.
 */
export async function measureColdStarts(
  node: LambdaNode,
  variants: HandlerVariant[],
  events: ColdEvents,
  rounds: number,
): Promise<ColdStartSeries[]> {
  const series = [...variants.map((variant) => variant.name), 'node -e 0'].map(
    (name): ColdStartSeries => ({ name, wallMs: [], importMs: [], firstInvokeMs: [], maxRssKb: [], statuses: {} }),
  );
  const eventsFor = typeof events === 'string' ? async () => events : events;
  const runs: ((round: number) => Promise<ProcessRun>)[] = [
    ...variants.map(
      (variant, index) => async (round: number) => runHandlerProcess(node, variant, await eventsFor({ round, variant: index })),
    ),
    () => runBareNode(node),
  ];
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < runs.length; i += 1) {
      const index = (i + round) % runs.length;
      const run = await runs[index]!(round);
      const into = series[index]!;
      into.wallMs.push(run.wallMs);
      if (!run.report) continue;
      into.importMs.push(run.report.loadedMs - run.report.loadStartedMs);
      into.firstInvokeMs.push(run.report.answeredMs - run.report.loadedMs);
      into.maxRssKb.push(run.report.maxRssKb);
      for (const [status, count] of Object.entries(run.report.statuses)) into.statuses[status] = (into.statuses[status] ?? 0) + count;
    }
  }
  return series;
}
