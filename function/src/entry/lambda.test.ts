import { randomUUID } from 'node:crypto';
import { useItemsTable } from '@items-api/test-support/items-table';
import { restEvent } from '@items-api/test-support/lambda-events';
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

// The handler as Lambda calls it, fed the events each front door sends, against DynamoDB Local.
const table = useItemsTable('lambda');
let handler: (event: LambdaEvent, context: LambdaContext) => Promise<LambdaResult>;

interface LambdaResult {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  isBase64Encoded: boolean;
}

beforeAll(async () => {
  process.env.TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  // What the handler logs and meters is observability/lambda-observability.test.ts's; kept quiet here.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  ({ handler } = (await import('./lambda.js')) as unknown as { handler: typeof handler });
});

const context = (awsRequestId: string = randomUUID()) => ({ awsRequestId }) as unknown as LambdaContext;
const header = (result: LambdaResult, name: string) => result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];

/** HTTP API (v2) event; function URLs send the same shape. */
function httpApiEvent(method: string, path: string, domainName: string, query = '', stage = '$default'): LambdaEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { host: domainName },
    requestContext: {
      domainName,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' },
      requestId: randomUUID(),
      stage,
    },
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

function albEvent(method: string, path: string): LambdaEvent {
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123:targetgroup/t/1' } },
    httpMethod: method,
    path,
    queryStringParameters: {},
    headers: { host: 'alb.example.com' },
    body: '',
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

describe('Lambda handler', () => {
  let itemId: string;

  it('creates through API Gateway REST (v1) with the reference envelope, stage prefix and all', async () => {
    const result = await handler(restEvent('POST', '/items/', { item: { name: 'Lambda', price: 7 } }), context());
    expect(result.statusCode).toBe(201);
    const item = JSON.parse(result.body) as { id: string; name: string };
    expect(item.name).toBe('Lambda');
    itemId = item.id;
    // Relative to what the client called (/prod/items/), so the stage is kept.
    expect(header(result, 'location')).toBe(item.id);
  });

  it('decodes a base64 body (binary media types)', async () => {
    const result = await handler(restEvent('POST', '/items', { name: 'Base64', price: 1 }, true), context());
    expect(result.statusCode).toBe(201);
  });

  it('reads through REST (v1), HTTP API (v2), a function URL and an ALB', async () => {
    const events = [
      restEvent('GET', `/items/${itemId}`),
      httpApiEvent('GET', `/items/${itemId}`, 'abc123.execute-api.eu-west-1.amazonaws.com'),
      httpApiEvent('GET', `/items/${itemId}/`, 'abcdefghij.lambda-url.eu-west-1.on.aws'),
      // A named HTTP API stage keeps the stage in rawPath.
      httpApiEvent('GET', `/prod/items/${itemId}`, 'abc123.execute-api.eu-west-1.amazonaws.com', '', 'prod'),
      albEvent('GET', `/items/${itemId}`),
    ];
    for (const event of events) {
      const result = await handler(event, context());
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body)).toMatchObject({ id: itemId, name: 'Lambda' });
    }
  });

  it('routes the root of a named HTTP API stage, and leaves paths that merely start like the stage alone', async () => {
    const host = 'abc123.execute-api.eu-west-1.amazonaws.com';
    expect((await handler(httpApiEvent('GET', '/prod', host, '', 'prod'), context())).statusCode).toBe(200);
    expect((await handler(httpApiEvent('GET', '/prod/', host, '', 'prod'), context())).statusCode).toBe(200);
    expect((await handler(httpApiEvent('GET', '/production/items', host, '', 'prod'), context())).statusCode).toBe(404);
  });

  it('creates through a named HTTP API stage from a JSON body sent with no Content-Type', async () => {
    const event = httpApiEvent('POST', '/prod/items', 'abc123.execute-api.eu-west-1.amazonaws.com', '', 'prod') as unknown as Record<
      string,
      unknown
    >;
    const result = await handler({ ...event, body: JSON.stringify({ name: 'Untyped', price: 2 }) } as unknown as LambdaEvent, context());
    expect(result.statusCode, result.body).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({ name: 'Untyped', price: 2 });
  });

  it('pages through HTTP API with a relative Link', async () => {
    const result = await handler(httpApiEvent('GET', '/items', 'abc123.execute-api.eu-west-1.amazonaws.com', 'limit=1'), context());
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toHaveLength(1);
    expect(header(result, 'link')).toMatch(/^<\?limit=1&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
  });

  it('answers 404 problem+json for an absent item, tagged with the Lambda request id', async () => {
    const result = await handler(restEvent('GET', `/items/${randomUUID()}`), context('lambda-req-1'));
    expect(result.statusCode).toBe(404);
    expect(header(result, 'content-type')).toBe('application/problem+json');
    expect(header(result, 'x-request-id')).toBe('lambda-req-1');
    expect(JSON.parse(result.body)).toMatchObject({ status: 404, requestId: 'lambda-req-1' });
  });

  it('serves the docs page with URLs relative to the stage', async () => {
    const result = await handler(restEvent('GET', '/docs'), context());
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('src="./docs/assets/swagger-ui-bundle.js"');
    expect(result.body).toContain('"./openapi.json"');
  });
});
