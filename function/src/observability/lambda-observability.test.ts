import { randomBytes, randomUUID } from 'node:crypto';
import { type CapturedOutput, captureOutput } from '@items-api/test-support/captured-output';
import { emfDocumentsOf, logLinesOf, metricValues } from '@items-api/test-support/emf';
import { type FakeXrayDaemon, startFakeXrayDaemon } from '@items-api/test-support/fake-xray-daemon';
import { useItemsTable } from '@items-api/test-support/items-table';
import { restEvent } from '@items-api/test-support/lambda-events';
import type { Context } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The handler as Lambda runs it with active tracing: its X-Ray tracer really on (Lambda's
// environment variables, a trace header per invocation), its segments sent over UDP to a stand-in
// daemon; logs and metrics read off the process's output.
const table = useItemsTable('observability');
let daemon: FakeXrayDaemon;
let output: CapturedOutput;
let handler: (event: LambdaEvent, context: Context) => Promise<{ statusCode: number; body: string }>;
const secretKey = 'k'.repeat(24);

const context = (awsRequestId: string): Context =>
  ({
    awsRequestId,
    functionName: 'items-api-ItemsFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:items-api-ItemsFunction',
    memoryLimitInMB: '512',
  }) as Context;

/** Lambda sets a new trace header in the environment for every invocation. */
async function invoke(event: LambdaEvent, requestId = randomUUID()) {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  process.env._X_AMZN_TRACE_ID = `Root=${root};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
  const result = await handler(event, context(requestId));
  return { ...result, requestId, traceId: root };
}

beforeAll(async () => {
  daemon = await startFakeXrayDaemon();
  Object.assign(process.env, {
    TABLE_NAME: table.name,
    IDEMPOTENCY_TABLE_NAME: table.idempotencyName,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: process.cwd(),
    _HANDLER: 'index.handler',
    AWS_XRAY_DAEMON_ADDRESS: daemon.address,
    POWERTOOLS_TRACE_ENABLED: 'true',
    LOG_LEVEL: 'INFO',
    AUTH_MODE: 'api-key',
    API_KEYS: secretKey,
  });
  output = captureOutput();
  ({ handler } = (await import('../entry/lambda.js')) as unknown as { handler: typeof handler });
});
afterAll(async () => {
  output.restore();
  await daemon.close();
});

const logLines = () => logLinesOf(output);
const emf = () => emfDocumentsOf(output);

describe('a traced Lambda invocation', () => {
  let created: { id: string; name: string };

  it('logs one JSON line per request with Lambda context, route template, status and latency, and no body or key', async () => {
    const name = `Secret-${randomUUID()}`;
    const post = await invoke({
      ...restEvent('POST', '/items', { name, price: 5 }),
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': secretKey },
    } as unknown as LambdaEvent);
    expect(post.statusCode).toBe(201);
    created = JSON.parse(post.body) as typeof created;
    const get = await invoke({
      ...restEvent('GET', `/items/${created.id}`),
      headers: { 'X-Api-Key': secretKey },
    } as unknown as LambdaEvent);
    expect(get.statusCode).toBe(200);

    const requests = logLines().filter((line) => line.message === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      level: 'INFO',
      service: 'items-api',
      cold_start: true,
      function_name: 'items-api-ItemsFunction',
      function_request_id: post.requestId,
      requestId: post.requestId,
      method: 'POST',
      route: '/items',
      status: 201,
      xray_trace_id: post.traceId,
    });
    expect(requests[1]).toMatchObject({
      cold_start: false,
      function_request_id: get.requestId,
      method: 'GET',
      route: '/items/{id}',
      status: 200,
    });
    for (const line of requests) {
      expect(new Date(line.timestamp as string).toISOString()).toBe(line.timestamp);
      expect(line.latencyMs).toEqual(expect.any(Number));
    }
    const everything = output.lines().join('\n');
    expect(everything).not.toContain(name);
    expect(everything).not.toContain(secretKey);
  });

  it('writes valid EMF once per invocation: the request by route, DynamoDB capacity by operation, one cold start', async () => {
    const documents = emf();
    const coldStarts = documents.filter((document) => 'ColdStart' in document);
    expect(coldStarts).toHaveLength(1);
    expect(coldStarts[0]).toMatchObject({ function_name: 'items-api-ItemsFunction', service: 'items-api', ColdStart: 1 });

    const requests = documents.filter((document) => 'Requests' in document);
    expect(requests.map((document) => document.route)).toEqual(['POST /items', 'GET /items/{id}']);
    for (const document of requests) {
      expect(document._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'ItemsApi', Dimensions: [['service', 'route']] });
      expect(metricValues(document)).toEqual({ Requests: 1, Latency: expect.any(Number), '4xx': 0, '5xx': 0 });
    }
    const capacity = documents.filter((document) => 'ConsumedCapacity' in document);
    expect(capacity.map((document) => document.operation)).toEqual(['PutItem', 'GetItem']);
    for (const document of capacity) {
      expect(document._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'operation']]);
      expect(document.ConsumedCapacity).toBeGreaterThan(0);
    }
  });

  it('names every request by its route, refused or not, and paths no route takes as unmatched', async () => {
    const before = emf().length;
    const preflight = {
      ...restEvent('OPTIONS', `/items/${created.id}`),
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'PUT' },
    };
    expect((await invoke(restEvent('GET', `/items/${created.id}`))).statusCode).toBe(401);
    expect((await invoke(preflight as unknown as LambdaEvent)).statusCode).toBe(204);
    const keyed = (method: string) =>
      ({ ...restEvent(method, `/items/${created.id}`), headers: { 'X-Api-Key': secretKey } }) as unknown as LambdaEvent;
    expect((await invoke(keyed('PATCH'))).statusCode).toBe(405);
    // A method of the client's own making must not become a dimension value of its own.
    expect((await invoke(keyed('BREW'))).statusCode).toBe(405);
    expect((await invoke(restEvent('GET', '/nowhere/at/all'))).statusCode).toBe(404);
    const requests = emf()
      .slice(before)
      .filter((document) => 'Requests' in document);
    expect(requests.map((document) => [document.route, document['4xx'], document['5xx']])).toEqual([
      ['GET /items/{id}', 1, 0],
      ['OPTIONS /items/{id}', 0, 0],
      ['PATCH /items/{id}', 1, 0],
      ['OTHER /items/{id}', 1, 0],
      ['unmatched', 1, 0],
    ]);
    const lines = logLines()
      .filter((line) => line.message === 'request')
      .slice(-5);
    expect(lines.map(({ method, route }) => `${String(method)} ${String(route)}`)).toEqual([
      'GET /items/{id}',
      'OPTIONS /items/{id}',
      'PATCH /items/{id}',
      'BREW /items/{id}',
      'GET unmatched',
    ]);
  });

  it('sends a handler subsegment annotated with route and status, and DynamoDB calls as subsegments, to the daemon', async () => {
    const { traceId } = await invoke({
      ...restEvent('GET', `/items/${created.id}`),
      headers: { 'X-Api-Key': secretKey },
    } as unknown as LambdaEvent);
    // Each subsegment is sent over UDP as it closes: the DynamoDB call's first, the handler's last.
    const names = () =>
      daemon
        .segments()
        .filter((segment) => segment.trace_id === traceId)
        .map((segment) => segment.name);
    await expect.poll(() => names().includes('## index.handler') && names().includes('DynamoDB'), { timeout: 10_000 }).toBe(true);
    const segments = daemon.segments().filter((segment) => segment.trace_id === traceId);
    const handlerSegment = segments.find((segment) => segment.name === '## index.handler');
    expect(handlerSegment?.annotations).toMatchObject({ ColdStart: false, Service: 'items-api', route: '/items/{id}', status: 200 });
    const dynamoDb = segments.find((segment) => segment.name === 'DynamoDB');
    expect(dynamoDb).toMatchObject({
      namespace: 'aws',
      parent_id: handlerSegment?.id,
      aws: { operation: 'GetItem', table_name: table.name },
    });
    expect(dynamoDb?.end_time).toBeGreaterThanOrEqual(dynamoDb!.start_time);
  });
});
