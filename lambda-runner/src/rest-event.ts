import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { restApiEvent } from './api-gateway-event.js';

export interface RestEventOptions {
  /** The body base64-encoded, as API Gateway sends a body of a binary media type. */
  base64?: boolean;
  requestId?: string;
}

const STAGE = 'prod';

/**
 * The REST API (v1) proxy event that API Gateway, and this runner, sends for `method pathAndQuery`
 * (`/items?limit=5`, below the stage `prod`): the one event the tests and the benchmark build by hand.
 */
export function restEvent(method: string, pathAndQuery: string, body?: unknown, options: RestEventOptions = {}): APIGatewayProxyEvent {
  const { base64 = false, requestId = randomUUID() } = options;
  const url = new URL(pathAndQuery, 'https://abc123.execute-api.eu-west-1.amazonaws.com');
  const rawHeaders = ['Host', url.host, 'User-Agent', 'items-api-tests', 'Accept', 'application/json'];
  if (body !== undefined) rawHeaders.push('Content-Type', 'application/json');
  return restApiEvent(
    {
      method,
      rawPath: `/${STAGE}${url.pathname}`,
      rawQueryString: url.search.slice(1),
      query: url.searchParams,
      rawHeaders,
      body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
      sourceIp: '203.0.113.7',
      localPort: 443,
    },
    {
      stage: STAGE,
      path: url.pathname,
      resource: '/{proxy+}',
      pathParameters: { proxy: url.pathname.slice(1) },
      requestId,
      apiId: 'abc123',
      binaryMediaTypes: base64 ? ['*/*'] : [],
    },
  );
}
