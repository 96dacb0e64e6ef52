import { Logger } from '@aws-lambda-powertools/logger';
import { ReadableLogger } from './readable-logger.js';

/** The service's name in every log line and metric, unless `POWERTOOLS_SERVICE_NAME` says otherwise. */
export const SERVICE_NAME = 'items-api';

/**
 * Powertools' Logger: one JSON line per event, level from `LOG_LEVEL` (or `POWERTOOLS_LOG_LEVEL`),
 * Lambda's context (request id, cold start, function name) once the handler adds it. A person at a
 * terminal gets readable lines instead; anything reading a pipe or a file (CloudWatch, `jq`) gets JSON.
 */
export function createLogger(readable: boolean = process.stdout.isTTY === true): Logger {
  const options = { serviceName: process.env.POWERTOOLS_SERVICE_NAME?.trim() || SERVICE_NAME };
  return readable ? new ReadableLogger(options) : new Logger(options);
}

export const logger = createLogger();
