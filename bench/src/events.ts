import { httpEvent, restEvent as runnerRestEvent } from '@items-api/lambda-runner';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, DynamoDBStreamEvent } from 'aws-lambda';

/** One named event for `invoke-process.mjs`, invoked `times` times. */
export interface BenchEvent {
  name: string;
  event: APIGatewayProxyEvent | APIGatewayProxyEventV2 | DynamoDBStreamEvent;
  times?: number;
  /** The bare SDK call (of `sdk-probe.ts`, or `history-probe.ts`'s `history`) to pair with each invocation. */
  probe?: 'get' | 'post' | 'list' | 'history';
  /** Keep what the handler writes during each invocation: its bytes, and the DynamoDB capacity its metrics report (`InvokeReport.output`). */
  capture?: boolean;
}

/**
 * The REST API event the local runner (and API Gateway) sends for `method path` on stage prod, the
 * body base64-encoded as the template's binary media types (every type) make it.
 */
export function restEvent(method: string, pathAndQuery: string, body?: unknown): APIGatewayProxyEvent {
  return runnerRestEvent(method, pathAndQuery, body, { base64: true, requestId: 'bench' });
}

/**
 * The HTTP API (payload format 2.0) event the local runner (and API Gateway) sends for `method path`
 * on stage prod: what a function URL sends too.
 */
export function httpApiEvent(method: string, pathAndQuery: string, body?: unknown): APIGatewayProxyEventV2 {
  return httpEvent(method, pathAndQuery, body, { requestId: 'bench' });
}
