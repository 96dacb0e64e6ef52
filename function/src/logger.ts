/**
 * One JSON line per event on stderr, which both CloudWatch and a terminal read.
 * Deliberately tiny: structured logging with Powertools replaces it in its own change.
 */
export type LogFields = Record<string, unknown>;

export const logger = {
  error(message: string, fields: LogFields = {}): void {
    write('ERROR', message, fields);
  },
  warn(message: string, fields: LogFields = {}): void {
    write('WARN', message, fields);
  },
};

function write(level: string, message: string, fields: LogFields): void {
  process.stderr.write(`${JSON.stringify({ level, timestamp: new Date().toISOString(), message, ...fields })}\n`);
}

export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  return {
    error: { name: error.name, message: error.message, stack: error.stack },
    ...(error.cause !== undefined && { cause: describeError(error.cause) }),
  };
}
