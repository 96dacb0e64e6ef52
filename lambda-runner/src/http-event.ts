import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
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

const STAGE = 'prod';

/**
 * The HTTP API (payload format 2.0) event that API Gateway, and this runner, sends for
 * `method pathAndQuery` (`/items?limit=5`, below the stage `prod`, so `rawPath` is `/prod/items`):
 * the v2 twin of `restEvent`, for the tests and the benchmark. A body that is not a string is sent
 * as its JSON.
 */
export function httpEvent(method: string, pathAndQuery: string, body?: unknown, options: HttpEventOptions = {}): APIGatewayProxyEventV2 {
  const { requestId = randomUUID() } = options;
  const url = new URL(pathAndQuery, 'https://abc123.execute-api.eu-west-1.amazonaws.com');
  const rawHeaders = ['Host', url.host, 'User-Agent', 'items-api-tests', 'Accept', 'application/json'];
  if (body !== undefined) rawHeaders.push('Content-Type', options.contentType ?? 'application/json');
  for (const [name, value] of Object.entries(options.headers ?? {})) rawHeaders.push(name, value);
  const root = url.pathname === '/';
  return httpApiEvent(
    {
      method,
      rawPath: `/${STAGE}${url.pathname}`,
      rawQueryString: url.search.slice(1),
      query: url.searchParams,
      rawHeaders,
      body: body === undefined ? Buffer.alloc(0) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      sourceIp: '203.0.113.7',
      localPort: 443,
    },
    {
      stage: STAGE,
      // The template's two routes: `/` and `/{proxy+}`.
      routeKey: root ? 'ANY /' : 'ANY /{proxy+}',
      pathParameters: root ? null : { proxy: url.pathname.slice(1) },
      requestId,
      apiId: 'abc123',
    },
  );
}
