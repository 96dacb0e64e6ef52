import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HANDMADE_API_ID, HANDMADE_STAGE, handmadeRequest } from './handmade-request.js';
import { httpApiEvent } from './http-api-event.js';

export interface HttpEventOptions {
  /**
   * The body's `Content-Type` (`application/json` when there is a body): a type that is not text
   * (`application/octet-stream`, `application/x-www-form-urlencoded`) makes the body base64, as an
   * HTTP API sends it.
   */
  contentType?: string;
  /** More request headers, as a client sends them; a `Cookie` header becomes the event's `cookies`. */
  headers?: Record<string, string>;
  requestId?: string;
}

/**
 * The HTTP API (payload format 2.0) event that API Gateway, and this runner, sends for
 * `method pathAndQuery` (`/items?limit=5`, below the stage `prod`, so `rawPath` is `/prod/items`):
 * the v2 twin of `restEvent`, for the tests and the benchmark. A body that is not a string is sent
 * as its JSON.
 */
export function httpEvent(method: string, pathAndQuery: string, body?: unknown, options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const { requestId = randomUUID() } = options;
  const { url, request } = handmadeRequest(
    method,
    pathAndQuery,
    body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    options.contentType ?? 'application/json',
    options.headers,
  );
  const root = url.pathname === '/';
  return httpApiEvent(request, {
    stage: HANDMADE_STAGE,
    // The template's two routes: `/` and `/{proxy+}`.
    routeKey: root ? 'ANY /' : 'ANY /{proxy+}',
    pathParameters: root ? null : { proxy: url.pathname.slice(1) },
    requestId,
    apiId: HANDMADE_API_ID,
  });
}
