import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { seedProgress } from './seed-progress.js';

/** A stream that says it is a terminal, as `process.stderr` does under a shell, and keeps what it got. */
function fakeStream(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 }) as unknown as NodeJS.WriteStream & PassThrough;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('seed progress', () => {
  it('draws a bar with count, rate and ETA on a terminal, and ends it', async () => {
    const { stream, text } = fakeStream(true);
    let clock = 0;
    const progress = seedProgress(1_000, stream, () => clock);
    clock = 1_000;
    progress.update(250);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toContain('25% | 250/1,000 items | 250 items/s | ETA 3 s');
    expect(text()).toContain('█');
  });

  it('writes no escape codes off a terminal: a plain line at most every 10 s', async () => {
    const { stream, text } = fakeStream(false);
    let clock = 0;
    const progress = seedProgress(10_000, stream, () => clock);
    clock = 5_000;
    progress.update(1_000);
    clock = 12_000;
    progress.update(4_000);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(text()).toBe('  4,000 of 10,000 items, 333 items/s, about 18 s left\n');
  });
});
