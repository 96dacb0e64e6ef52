import type { Readable } from 'node:stream';

/**
 * A child process's output as lines, split on `\n` only: Lambda's runtime turns the newlines inside
 * one log call into `\r`, and those stay one line, as they stay one CloudWatch event. A line equal to
 * `marker + requestId` is not passed on but reported to `onMarker`: the runtime writes one after each
 * invocation, so the runner knows every line of it has arrived before it logs `END`.
 */
export function readLines(stream: Readable, marker: string, onLine: (line: string) => void, onMarker: (requestId: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.startsWith(marker)) onMarker(line.slice(marker.length));
      else onLine(line);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}
