/** What the process writes to stdout and stderr while captured, line by line (kept here, not shown). */
export interface CapturedOutput {
  lines(): string[];
  /** The lines that parse as JSON objects. */
  json(): Record<string, unknown>[];
  restore(): void;
}

/**
 * Captures the process's own output: Powertools writes with a `Console` of its own on
 * `process.stdout`/`stderr`, which vitest's console interception does not see.
 */
export function captureOutput(): CapturedOutput {
  const captured: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      // `null`, as Node passes: Console reads anything else, `undefined` included, as a write error.
      const callback = rest.find((arg) => typeof arg === 'function') as ((error: Error | null) => void) | undefined;
      callback?.(null);
      return true;
    }) as typeof stream.write;
  }
  const lines = () =>
    captured
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
  return {
    lines,
    json: () => jsonObjects(lines()),
    restore: () => {
      streams.forEach((stream, i) => {
        stream.write = originals[i]!;
      });
    },
  };
}

/** The lines that parse as JSON objects, parsed; every other line left out. */
export function jsonObjects(lines: readonly string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}
