import { restEvent as runnerRestEvent } from '@items-api/lambda-runner';
import type { APIGatewayProxyEvent, DynamoDBStreamEvent } from 'aws-lambda';

/** One named event for `invoke-process.mjs`, invoked `times` times. */
export interface BenchEvent {
  name: string;
  event: APIGatewayProxyEvent | DynamoDBStreamEvent;
  times?: number;
  /** The bare SDK call (of `sdk-probe.ts`) to pair with each invocation. */
  probe?: 'get' | 'post' | 'list';
}

/**
 * The REST API event the local runner (and API Gateway) sends for `method path` on stage prod, the
 * body base64-encoded as the template's binary media types (every type) make it.
 */
export function restEvent(method: string, pathAndQuery: string, body?: unknown): APIGatewayProxyEvent {
  return runnerRestEvent(method, pathAndQuery, body, { base64: true, requestId: 'bench' });
}
