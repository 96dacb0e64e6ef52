import { Logger, LogLevelThreshold, type LogItem } from '@aws-lambda-powertools/logger';
import { formatWithOptions } from 'node:util';

/** Attributes every line has, shown up front (or not at all) rather than among the details. */
const HEADLINE = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate']);

/**
 * Powertools' Logger printing one readable line per event for a terminal:
 * `12:04:05.123 INFO  request  method=GET route=/items/{id} status=200 latencyMs=3.1 requestId=…`. Powertools can only print
 * JSON (its formatters shape the object, not the text), so this one method is written by hand;
 * levels, context, keys and sampling stay Powertools'.
 */
export class ReadableLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const { level, message, timestamp, ...rest } = log.getAttributes();
    const details = Object.entries(rest)
      .filter(([key, value]) => !HEADLINE.has(key) && value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : formatWithOptions({ colors: false, breakLength: Infinity, depth: 4 }, '%o', value)}`);
    const time = typeof timestamp === 'string' ? timestamp.slice(11, 23) : '';
    const line = `${time} ${String(level).padEnd(5)} ${String(message)}${details.length > 0 ? `  ${details.join(' ')}` : ''}\n`;
    // Warnings and errors on stderr, as Powertools' own console does.
    (logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(line);
  }
}
