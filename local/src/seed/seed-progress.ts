import { SingleBar } from 'cli-progress';

/** How a bulk load shows its progress: a bar on a terminal, a plain line now and then elsewhere. */
export interface SeedProgress {
  update(written: number): void;
  /** Leaves the terminal as it was (cursor shown, bar ended). Safe to call twice. */
  stop(): void;
}

/** Without a terminal (CI, a pipe, a file), at most one line this often. */
const PLAIN_LINE_INTERVAL_MS = 10_000;

export function seedProgress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = () => performance.now(),
): SeedProgress {
  const started = now();
  const figures = (written: number) => {
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? written / seconds : 0;
    return {
      written: count(written),
      totalText: count(total),
      rate: count(Math.round(rate)),
      left: rate > 0 ? timeLeft(((total - written) / rate) * 1000) : '–',
    };
  };

  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'Seeding {bar} {percentage}% | {written}/{totalText} items | {rate} items/s | ETA {left}',
      barsize: 30,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      // This process handles Ctrl-C itself and stops the bar there.
      gracefulExit: false,
    });
    bar.start(total, 0, figures(0));
    let stopped = false;
    return {
      update: (written) => bar.update(written, figures(written)),
      stop: () => {
        if (!stopped) bar.stop();
        stopped = true;
      },
    };
  }

  let lastLine = started;
  return {
    update: (written) => {
      if (written >= total || now() - lastLine < PLAIN_LINE_INTERVAL_MS) return;
      lastLine = now();
      const { written: done, totalText, rate, left } = figures(written);
      stream.write(`  ${done} of ${totalText} items, ${rate} items/s, about ${left} left\n`);
    },
    stop: () => undefined,
  };
}

/** An estimate needs no milliseconds: "0 s", "7 s", then as `duration` says it. */
function timeLeft(ms: number): string {
  return ms < 60_000 ? `${Math.ceil(ms / 1000)} s` : duration(ms);
}

/** 12345 → "12,345". */
export function count(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** A span of time as a person reads it: "850 ms", "4.2 s", "38 s", "3 min 05 s", "1 h 02 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 3600) return `${Math.floor(wholeSeconds / 60)} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(wholeSeconds / 3600)} h ${String(Math.floor((wholeSeconds % 3600) / 60)).padStart(2, '0')} min`;
}
