import { type LogItem, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { RequestLogger } from './request-logger.js';

/** Attributes every line has, shown up front (or not at all) rather than among the details. */
const HEADLINE = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate']);

/**
 * Powertools' Logger printing one readable line per event for a terminal:
 * `12:04:05.123 INFO  request  method=GET route=/items/{id} status=200 latencyMs=3.1 requestId=…`. Powertools can only print
 * JSON (its formatters shape the object, not the text), so this one method is written by hand;
 * levels, context, keys and sampling stay Powertools'.
 */
export class ReadableLogger extends RequestLogger {
  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const { level, message, timestamp, ...rest } = log.getAttributes();
    const entries = Object.entries(rest).filter(([key, value]) => !HEADLINE.has(key) && value !== undefined);
    const details = entries.map(([key, value]) => `${key}=${describe(value)}`);
    // A stack is worth its lines to a person debugging: indented under the event it belongs to.
    const stacks = entries.flatMap(([, value]) =>
      value instanceof Error && value.stack ? [value.stack.split('\n').slice(1).join('\n')] : [],
    );
    const time = typeof timestamp === 'string' ? timestamp.slice(11, 23) : '';
    const line = `${time} ${String(level).padEnd(5)} ${String(message)}${details.length > 0 ? `  ${details.join(' ')}` : ''}`;
    // Warnings and errors on stderr, as Powertools' own console does.
    (logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(`${[line, ...stacks].join('\n')}\n`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return JSON.stringify(value) ?? String(value);
}
