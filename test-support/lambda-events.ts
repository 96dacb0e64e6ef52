import { randomUUID } from 'node:crypto';
import type { LambdaEvent } from 'hono/aws-lambda';

/** API Gateway REST API (v1) proxy event, as the `prod` stage sends it. */
export function restEvent(method: string, path: string, body?: unknown, base64 = false): LambdaEvent {
  const text = body === undefined ? null : JSON.stringify(body);
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'Content-Type': 'application/json' },
    multiValueHeaders: {
      Host: ['abc123.execute-api.eu-west-1.amazonaws.com'],
      'Content-Type': ['application/json'],
    },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: path.slice(1) },
    stageVariables: null,
    requestContext: {
      resourcePath: '/{proxy+}',
      httpMethod: method,
      path: `/prod${path}`,
      stage: 'prod',
      requestId: randomUUID(),
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      identity: { sourceIp: '203.0.113.7' },
    },
    body: text === null ? null : base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: base64,
  } as unknown as LambdaEvent;
}
