import type { ColdStartSeries } from './cold-start.js';
import { median, ms, spread } from './stats.js';

/** Plain-text tables for the terminal. */
export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [`${title}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The columns every cold-start table opens with. */
export const COLD_START_HEADER = ['variant', 'wall p50', 'wall min–max', 'import p50', '1st invoke p50', 'peak RSS'];

/** A cold-start series' cells under `COLD_START_HEADER`, then its median wall as a multiple of each of `against` (medians). */
export function coldStartRow(s: ColdStartSeries, against: number[]): string[] {
  const [low, high] = spread(s.wallMs);
  return [
    s.name,
    ms(median(s.wallMs)),
    `${low.toFixed(0)}–${high.toFixed(0)} ms`,
    s.importMs.length ? ms(median(s.importMs)) : '–',
    s.firstInvokeMs.length ? ms(median(s.firstInvokeMs)) : '–',
    s.maxRssKb.length ? `${(median(s.maxRssKb) / 1024).toFixed(0)} MB` : '–',
    ...against.map((wall) => `${(median(s.wallMs) / wall).toFixed(2)}×`),
  ];
}
