import { restApiEvent } from '@items-api/local/lambda-runner/api-gateway-event';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** One named event for `invoke-process.mjs`, invoked `times` times. */
export interface BenchEvent {
  name: string;
  event: APIGatewayProxyEvent;
  times?: number;
  /** The bare SDK call (of `sdk-probe.ts`) to pair with each invocation. */
  probe?: 'get' | 'post' | 'list';
}

const STAGE = 'prod';

/** The REST API event the local runner (and API Gateway) sends for `method path` on stage prod. */
export function restEvent(method: string, pathAndQuery: string, body?: unknown): APIGatewayProxyEvent {
  const url = new URL(pathAndQuery, 'http://bench.local');
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  const rawHeaders = ['Host', 'bench.local', 'User-Agent', 'items-api-bench', 'Accept', 'application/json'];
  if (body !== undefined) rawHeaders.push('Content-Type', 'application/json');
  return restApiEvent(
    {
      method,
      rawPath: `/${STAGE}${url.pathname}`,
      query: url.searchParams,
      rawHeaders,
      body: bytes,
      sourceIp: '127.0.0.1',
      localPort: 443,
    },
    {
      stage: STAGE,
      path: url.pathname,
      resource: '/{proxy+}',
      pathParameters: { proxy: url.pathname.slice(1) },
      requestId: 'bench',
      apiId: 'bench',
      binaryMediaTypes: ['*/*'],
    },
  );
}
