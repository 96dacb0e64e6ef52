import { Console } from 'node:console';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inOneWrite } from './one-write.js';

type Write = NodeJS.WriteStream['write'];

/** Every real write, in order: the stream, what was written (a Buffer stays a Buffer), its callback. */
interface RealWrite {
  stream: 'stdout' | 'stderr';
  chunk: unknown;
  callback?: (error?: Error | null) => void;
}

let writes: RealWrite[];
/** What the next real writes to stdout do instead of being recorded (a failing stream), if set. */
let failStdout: (() => void) | undefined;
const { stdout, stderr } = process;
let originals: [Write, Write];

beforeEach(() => {
  writes = [];
  failStdout = undefined;
  originals = [stdout.write, stderr.write];
  const record =
    (stream: RealWrite['stream']) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      if (stream === 'stdout' && failStdout) failStdout();
      const callback = rest.find((arg) => typeof arg === 'function') as RealWrite['callback'];
      writes.push({ stream, chunk, ...(callback ? { callback } : {}) });
      // As a Node stream tells a write that went out: with null (Console takes undefined for an error).
      callback?.(null);
      return true;
    };
  stdout.write = record('stdout') as Write;
  stderr.write = record('stderr') as Write;
});

afterEach(() => {
  [stdout.write, stderr.write] = originals;
});

/** What reached a stream, as one text. */
function text(stream: RealWrite['stream']): string {
  return writes
    .filter((write) => write.stream === stream)
    .map(({ chunk }) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')))
    .join('');
}

describe('inOneWrite', () => {
  it('puts a Powertools log line and its EMF documents on stdout in one write, the same bytes in the same order', () => {
    const run = () => {
      const logger = new Logger({ serviceName: 'one-write-test' });
      logger.setLogLevel('INFO');
      const metrics = new Metrics({ namespace: 'OneWriteTest', serviceName: 'one-write-test' });
      return () => {
        logger.info('request', { route: '/items/{id}' });
        metrics.addDimension('route', 'GET /items/{id}');
        metrics.addMetric('Requests', MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
        metrics.addDimension('operation', 'GetItem');
        metrics.addMetric('ConsumedCapacity', MetricUnit.Count, 0.5);
        metrics.publishStoredMetrics();
        return 'answered';
      };
    };
    // The same burst without inOneWrite: what each line writes on its own.
    const burst = run();
    burst();
    const separately = writes.filter((write) => write.stream === 'stdout');
    expect(separately).toHaveLength(3);
    writes = [];

    expect(inOneWrite(burst)).toBe('answered');
    const together = writes.filter((write) => write.stream === 'stdout');
    expect(together).toHaveLength(1);
    const lines = (together[0]!.chunk as string).split('\n').filter(Boolean);
    const expected = separately.map(({ chunk }) => (chunk as string).trim());
    // Timestamps differ between the two runs; the lines' shape and order do not.
    expect(lines.map((line) => Object.keys(JSON.parse(line)))).toEqual(expected.map((line) => Object.keys(JSON.parse(line))));
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'request', route: '/items/{id}' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ route: 'GET /items/{id}', Requests: 1 });
    expect(JSON.parse(lines[2]!)).toMatchObject({ operation: 'GetItem', ConsumedCapacity: 0.5 });
    // Every held callback is told.
    expect(together[0]!.callback).toBeTypeOf('function');
  });

  it('writes exactly the bytes written, in order, and tells every callback', () => {
    const told: string[] = [];
    inOneWrite(() => {
      stdout.write('a\n', () => told.push('a'));
      stdout.write('b\n', 'utf8', () => told.push('b'));
      stdout.write('ü\n');
    });
    expect(writes.map(({ chunk }) => chunk)).toEqual(['a\nb\nü\n']);
    expect(told).toEqual(['a', 'b']);
  });

  it('puts out what stdout holds before a write to stderr, keeping the order the two were written in', () => {
    inOneWrite(() => {
      stdout.write('one\n');
      stdout.write('two\n');
      stderr.write('warning\n');
      stdout.write('three\n');
    });
    expect(writes.map(({ stream, chunk }) => [stream, chunk])).toEqual([
      ['stdout', 'one\ntwo\n'],
      ['stderr', 'warning\n'],
      ['stdout', 'three\n'],
    ]);
  });

  it('writes a Buffer at once, in its place, after what is held', () => {
    inOneWrite(() => {
      stdout.write('one\n');
      stdout.write(Buffer.from('two\n'));
      stdout.write('three\n');
    });
    expect(writes.map(({ chunk }) => chunk)).toEqual(['one\n', Buffer.from('two\n'), 'three\n']);
    expect(text('stdout')).toBe('one\ntwo\nthree\n');
  });

  it("writes what run wrote, puts `write` back and rethrows run's own error when run throws", () => {
    const write = stdout.write;
    const errWrite = stderr.write;
    const failure = new Error('run failed');
    expect(() =>
      inOneWrite(() => {
        stdout.write('before the failure\n');
        throw failure;
      }),
    ).toThrow(failure);
    expect(writes.map(({ chunk }) => chunk)).toEqual(['before the failure\n']);
    expect(stdout.write).toBe(write);
    expect(stderr.write).toBe(errWrite);
  });

  it("puts the prototype's `write` back when the stream had none of its own", () => {
    [stdout.write, stderr.write] = originals;
    const own = Object.hasOwn(stdout, 'write');
    // Not written to: the real stream would print during the test.
    inOneWrite(() => undefined);
    expect(Object.hasOwn(stdout, 'write')).toBe(own);
    expect(stdout.write).toBe(originals[0]);
  });

  it('makes nested bursts one', () => {
    const result = inOneWrite(() => {
      stdout.write('outer\n');
      const inner = inOneWrite(() => {
        stdout.write('inner\n');
        return 2;
      });
      expect(writes).toEqual([]);
      stdout.write('outer again\n');
      return inner + 1;
    });
    expect(result).toBe(3);
    expect(writes.map(({ chunk }) => chunk)).toEqual(['outer\ninner\nouter again\n']);
  });

  it('never throws from its write: a stream failing at once (EPIPE) is told to the callbacks, not to run', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    failStdout = () => {
      throw epipe;
    };
    const told: unknown[] = [];
    expect(
      inOneWrite(() => {
        stdout.write('line\n', (error) => told.push(error));
        return 'answered';
      }),
    ).toBe('answered');
    expect(told).toEqual([epipe]);

    // Nor does it replace the error run threw.
    const failure = new Error('run failed');
    expect(() =>
      inOneWrite(() => {
        stdout.write('line\n');
        throw failure;
      }),
    ).toThrow(failure);
  });

  it("keeps Console's guard: an 'error' the stream emits at once neither throws out of run nor leaves a listener", () => {
    const logs = new Console({ stdout, stderr });
    const listeners = stdout.listenerCount('error');
    let duringWrite = -1;
    failStdout = () => {
      duringWrite = stdout.listenerCount('error');
      // An 'error' emitted with no listener throws: as a stream failing at once (EAGAIN) does.
      stdout.emit('error', Object.assign(new Error('write EAGAIN'), { code: 'EAGAIN' }));
    };
    expect(inOneWrite(() => logs.log('request'))).toBeUndefined();
    expect(duringWrite).toBeGreaterThan(0);
    expect(stdout.listenerCount('error')).toBe(listeners);
    expect(writes.map(({ chunk }) => chunk)).toEqual(['request\n']);
  });
});
