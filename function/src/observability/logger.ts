import type { Logger } from '@aws-lambda-powertools/logger';
import { serviceNameOf } from '../config/observability-config.js';
import { ReadableLogger } from './readable-logger.js';
import { RequestLogger } from './request-logger.js';

/**
 * Powertools' Logger: one JSON line per event, level from `LOG_LEVEL` (or `POWERTOOLS_LOG_LEVEL`),
 * Lambda's context (request id, cold start, function name) once the handler adds it. A person at a
 * terminal gets readable lines instead; anything reading a pipe or a file (CloudWatch, `jq`) gets JSON.
 * Either way, a line written inside a traced request carries that request's trace id (`RequestLogger`).
 */
export function createLogger(
  readable: boolean = process.stdout.isTTY === true,
  // Only the service's name: the logger is made at import, where no setting may fail the load.
  serviceName = serviceNameOf(process.env),
): Logger {
  return readable ? new ReadableLogger({ serviceName }) : new RequestLogger({ serviceName });
}

/** The process's logger, made when the app is first imported (Lambda's init). */
export const logger = createLogger();
