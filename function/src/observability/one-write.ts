type WriteCallback = (error?: Error | null) => void;
type Write = NodeJS.WriteStream['write'];

/**
 * Runs `run`, a synchronous burst of output (a request's log line and its EMF documents), and puts
 * what it writes to stdout on the stream in ONE write, once it has run. Each line of the burst is
 * otherwise its own write, a system call on Lambda's pipe (measured at about a third of the API's warm
 * overhead: docs/performance.md). The bytes and their order are unchanged, and nothing is held across
 * an `await` (`run` is synchronous): a line is never delayed past the burst that wrote it, nor lost.
 * A write to stderr within the burst (a warning) first puts out what stdout holds, so that the two
 * streams keep the order they were written in. Anything but a string is written at once, after what
 * is held. Nested bursts are one.
 */
export function inOneWrite<T>(run: () => T): T {
  const { stdout, stderr } = process;
  if (held) return run();
  const chunks: string[] = [];
  const callbacks: WriteCallback[] = [];
  const ownWrite = Object.hasOwn(stdout, 'write');
  const ownErrWrite = Object.hasOwn(stderr, 'write');
  const write = stdout.write;
  const errWrite = stderr.write;
  // The real write, made after `run` (in `finally`), is outside the guard of the `Console` that wrote the
  // lines (Powertools' log line and EMF documents): it is guarded here as `Console` guards its own, a
  // no-op 'error' listener for its duration and a catch, so that a failing stdout (EPIPE, EAGAIN) neither
  // throws out of a request that was answered nor replaces the error `run` threw. The error goes to the
  // callbacks held, each called once, as `Console` would have been told.
  const flush = (): void => {
    if (chunks.length === 0) return;
    const text = chunks.length === 1 ? chunks[0]! : chunks.join('');
    const told = callbacks.splice(0);
    chunks.length = 0;
    let answered = false;
    const answer = (error?: Error | null): void => {
      if (answered) return;
      answered = true;
      for (const callback of told) callback(error);
    };
    const guard = stdout.listenerCount('error') === 0;
    if (guard) stdout.once('error', noop);
    try {
      Reflect.apply(write, stdout, told.length === 0 ? [text] : [text, answer]);
    } catch (error) {
      answer(error instanceof Error ? error : new Error(String(error)));
    } finally {
      if (guard) stdout.removeListener('error', noop);
    }
  };
  held = true;
  stdout.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    if (typeof chunk !== 'string' || (typeof encoding === 'string' && encoding !== 'utf8' && encoding !== 'utf-8')) {
      flush();
      return Reflect.apply(
        write,
        stdout,
        [chunk, encoding, callback].filter((arg) => arg !== undefined),
      );
    }
    chunks.push(chunk);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') callbacks.push(done as WriteCallback);
    return true;
  }) as Write;
  stderr.write = ((...args: unknown[]): boolean => {
    flush();
    return Reflect.apply(errWrite, stderr, args);
  }) as Write;
  try {
    return run();
  } finally {
    restore(stdout, write, ownWrite);
    restore(stderr, errWrite, ownErrWrite);
    held = false;
    flush();
  }
}

let held = false;

function noop(): void {}

/** Puts a stream's `write` back as it was: its own property again, or its prototype's. */
function restore(stream: NodeJS.WriteStream, write: Write, own: boolean): void {
  if (own) stream.write = write;
  else delete (stream as Partial<NodeJS.WriteStream>).write;
}
