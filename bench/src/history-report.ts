import type { ColdStartSeries } from './cold-start.js';
import type { HistoryLag } from './history-lag-runs.js';
import { COLD_START_HEADER, coldStartRow, table } from './report.js';
import { median, ms, percentile } from './stats.js';

/** The consumers' cold starts, each against the bare consumer (the first series) and `node -e 0` (the last). */
export function renderConsumerColdStarts(series: ColdStartSeries[]): string {
  const bare = median(series[0]!.wallMs);
  return table(
    `Stream consumer cold start: a fresh process loads the handler and answers one batch of one INSERT record, ` +
      `writing its history entry (${series[0]!.wallMs.length} runs each, interleaved)`,
    [...COLD_START_HEADER, '× bare consumer'],
    series.map((s) => coldStartRow(s, [bare])),
  );
}

export function renderHistoryLag(lag: HistoryLag): string {
  const { writes, paceMs, pollMs } = lag.plan;
  const row = (name: string, { lagMs, readMs }: HistoryLag['runner']) => [
    name,
    String(lagMs.length),
    ms(percentile(lagMs, 50)),
    ms(percentile(lagMs, 90)),
    ms(percentile(lagMs, 99)),
    ms(Math.max(...lagMs)),
    ms(Math.min(...lagMs)),
    ms(median(readMs), 2),
  ];
  return table(
    `History lag: from a write's answer to its entry being readable (${writes} writes, creates and replaces alternately, ` +
      `one every ${paceMs} ms; entries looked for every ${pollMs} ms; the mapping reads the stream 4 times a second)`,
    ['stream mapping, HistoryFunction', 'n', 'p50', 'p90', 'p99', 'max', 'min', 'read p50'],
    [row('in process (npm start)', lag.inProcess), row('runner, from its zip (npm run start:lambda)', lag.runner)],
  );
}
