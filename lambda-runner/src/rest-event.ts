import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { restApiEvent } from './api-gateway-event.js';
import { HANDMADE_API_ID, HANDMADE_STAGE, handmadeRequest } from './handmade-request.js';

export interface RestEventOptions {
  /** The body base64-encoded, as API Gateway sends a body of a binary media type. */
  base64?: boolean;
  requestId?: string;
}

/**
 * The REST API (v1) proxy event that API Gateway, and this runner, sends for `method pathAndQuery`
 * (`/items?limit=5`, below the stage `prod`): the one event the tests and the benchmark build by hand.
 */
export function restEvent(method: string, pathAndQuery: string, body?: unknown, options: RestEventOptions = {}): APIGatewayProxyEvent {
  const { base64 = false, requestId = randomUUID() } = options;
  const { url, request } = handmadeRequest(
    method,
    pathAndQuery,
    body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    'application/json',
  );
  return restApiEvent(request, {
    stage: HANDMADE_STAGE,
    path: url.pathname,
    resource: '/{proxy+}',
    pathParameters: { proxy: url.pathname.slice(1) },
    requestId,
    apiId: HANDMADE_API_ID,
    binaryMediaTypes: base64 ? ['*/*'] : [],
  });
}
