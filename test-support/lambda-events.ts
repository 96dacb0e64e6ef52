import { type RestEventOptions, restEvent as runnerRestEvent } from '@items-api/lambda-runner';
import type { LambdaEvent } from 'hono/aws-lambda';

/**
 * The REST API (v1) proxy event the `prod` stage sends (the runner's own builder), typed as the
 * handler takes it; `base64` sends the body base64-encoded, as for a binary media type.
 */
export function restEvent(method: string, path: string, body?: unknown, base64 = false, options: RestEventOptions = {}): LambdaEvent {
  return runnerRestEvent(method, path, body, { ...options, base64 }) as unknown as LambdaEvent;
}
