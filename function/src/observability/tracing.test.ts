import { DynamoDbError } from '@items-api/dynamodb-records';
import { type FakeXrayDaemon, startFakeXrayDaemon } from '@items-api/test-support/fake-xray-daemon';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoDbSubsegments, startTracer, type XrayTracer } from './tracing.js';
import { udpAddress } from './xray/daemon-sender.js';
import { parseTraceHeader } from './xray/trace-header.js';

const ROOT = '1-67a1b2c3-0123456789abcdef01234567';
const PARENT = '0123456789abcdef';
const header = (sampled: 0 | 1, root = ROOT) => `Root=${root};Parent=${PARENT};Sampled=${sampled}`;

let daemon: FakeXrayDaemon;
beforeAll(async () => (daemon = await startFakeXrayDaemon()));
afterAll(() => daemon.close());
afterEach(() => vi.unstubAllEnvs());

/** A tracer sending to the fake daemon. Each invocation's trace is read from `_X_AMZN_TRACE_ID`, as Lambda sets it. */
async function tracerWith(): Promise<XrayTracer> {
  return (await startTracer({ tracing: true, serviceName: 'shop' }, { AWS_XRAY_DAEMON_ADDRESS: daemon.address }))!;
}

const inTrace = (root: string) => () => daemon.segments().filter((segment) => segment.trace_id === root);

describe('startTracer', () => {
  it('with tracing off, gives no tracer', async () => {
    await expect(startTracer({ tracing: false, serviceName: 'items-api' })).resolves.toBeUndefined();
  });
});

describe('a traced invocation', () => {
  it('sends its handler subsegment under Lambda segment, annotated with cold start and service, and a DynamoDB call under it', async () => {
    const root = '1-67a1b2c3-aaaaaaaaaaaaaaaaaaaaaaaa';
    const tracer = await tracerWith();
    vi.stubEnv('_X_AMZN_TRACE_ID', header(1, root));
    const observe = dynamoDbSubsegments(tracer);
    const result = await tracer.traceInvocation('index.handler', async () => {
      observe({ operation: 'GetItem', tableName: 'items', region: 'eu-west-1' })({
        requestId: 'r-1',
        statusCode: 200,
        retries: 1,
        error: undefined,
      });
      tracer.annotate('route', '/items/{id}');
      return 'answer';
    });
    expect(result).toBe('answer');
    await vi.waitFor(() => expect(inTrace(root)()).toHaveLength(2));
    // Sent as each closes: the call first, the handler last.
    const [call, handler] = inTrace(root)();
    expect(handler).toMatchObject({
      name: '## index.handler',
      type: 'subsegment',
      parent_id: PARENT,
      annotations: { ColdStart: true, Service: 'shop', route: '/items/{id}' },
    });
    expect(handler!.end_time).toBeGreaterThanOrEqual(handler!.start_time);
    expect(call).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      parent_id: handler!.id,
      aws: { operation: 'GetItem', table_name: 'items', region: 'eu-west-1', request_id: 'r-1', retries: 1 },
      http: { response: { status: 200 } },
    });
    expect(call).not.toHaveProperty('fault');
    expect(call).not.toHaveProperty('error');
  });

  it('is a cold start only the first time', async () => {
    const [first, second] = ['1-67a1b2c3-bbbbbbbbbbbbbbbbbbbbbbbb', '1-67a1b2c3-cccccccccccccccccccccccc'];
    const tracer = await tracerWith();
    for (const root of [first!, second!]) {
      vi.stubEnv('_X_AMZN_TRACE_ID', header(1, root));
      await tracer.traceInvocation('index.handler', async () => undefined);
    }
    await vi.waitFor(() => expect(inTrace(second!)()).toHaveLength(1));
    expect(inTrace(first!)()[0]?.annotations).toMatchObject({ ColdStart: true });
    expect(inTrace(second!)()[0]?.annotations).toMatchObject({ ColdStart: false });
  });

  it('marks a failed call: throttled, refused (error) or unanswered (fault), with its cause', async () => {
    const root = '1-67a1b2c3-dddddddddddddddddddddddd';
    const tracer = await tracerWith();
    vi.stubEnv('_X_AMZN_TRACE_ID', header(1, root));
    const observe = dynamoDbSubsegments(tracer);
    await tracer.traceInvocation('index.handler', async () => {
      const call = () => observe({ operation: 'PutItem', tableName: 'items', region: 'eu-west-1' });
      const throttled = new DynamoDbError('ProvisionedThroughputExceededException', 'slow down', { statusCode: 400, requestId: 'r-2' });
      call()({ requestId: 'r-2', statusCode: 400, retries: 2, error: throttled });
      call()({ requestId: undefined, statusCode: undefined, retries: 2, error: new DynamoDbError('TimeoutError', 'no answer') });
    });
    await vi.waitFor(() => expect(inTrace(root)()).toHaveLength(3));
    const [throttled, unanswered] = inTrace(root)();
    expect(throttled).toMatchObject({
      throttle: true,
      error: true,
      cause: { exceptions: [{ type: 'ProvisionedThroughputExceededException', remote: true }] },
    });
    expect(throttled).not.toHaveProperty('fault');
    expect(unanswered).toMatchObject({
      fault: true,
      cause: { exceptions: [{ type: 'TimeoutError', message: 'TimeoutError: no answer' }] },
    });
    expect(unanswered).not.toHaveProperty('http');
  });

  it('marks the handler subsegment as a fault with the error when the invocation throws, and throws it on', async () => {
    const root = '1-67a1b2c3-eeeeeeeeeeeeeeeeeeeeeeee';
    const tracer = await tracerWith();
    vi.stubEnv('_X_AMZN_TRACE_ID', header(1, root));
    await expect(tracer.traceInvocation('index.handler', () => Promise.reject(new RangeError('broken')))).rejects.toThrow('broken');
    await vi.waitFor(() => expect(inTrace(root)()).toHaveLength(1));
    expect(inTrace(root)()[0]).toMatchObject({ fault: true, cause: { exceptions: [{ type: 'RangeError', message: 'broken' }] } });
    expect(inTrace(root)()[0]!.cause).toMatchObject({
      exceptions: [{ stack: expect.arrayContaining([expect.objectContaining({ label: expect.any(String) })]) }],
    });
  });

  it('sends nothing of an invocation not sampled, or with no trace header, and runs it all the same', async () => {
    const root = '1-67a1b2c3-ffffffffffffffffffffffff';
    const tracer = await tracerWith();
    const observe = dynamoDbSubsegments(tracer);
    for (const value of [header(0, root), undefined]) {
      vi.stubEnv('_X_AMZN_TRACE_ID', value);
      const ran = await tracer.traceInvocation('index.handler', async () => {
        observe({ operation: 'GetItem', tableName: 'items', region: 'eu-west-1' })({
          requestId: 'r',
          statusCode: 200,
          retries: 0,
          error: undefined,
        });
        return 'ran';
      });
      expect(ran).toBe('ran');
    }
    // A sampled invocation after them arrives: by then anything of the two before would have.
    const after = '1-67a1b2c3-999999999999999999999999';
    vi.stubEnv('_X_AMZN_TRACE_ID', header(1, after));
    await tracer.traceInvocation('index.handler', async () => undefined);
    await vi.waitFor(() => expect(inTrace(after)()).toHaveLength(1));
    expect(inTrace(root)()).toEqual([]);
  });
});

describe('the trace header and the daemon address', () => {
  it('reads Lambda trace header, and nothing from one without a valid root and parent', () => {
    expect(parseTraceHeader(header(1))).toEqual({ traceId: ROOT, parentId: PARENT, sampled: true });
    expect(parseTraceHeader(`root=${ROOT}; parent=${PARENT}; sampled=0; Lineage=a:1`)).toEqual({
      traceId: ROOT,
      parentId: PARENT,
      sampled: false,
    });
    expect(parseTraceHeader(`Root=${ROOT};Parent=${PARENT}`)).toMatchObject({ sampled: false });
    for (const bad of [undefined, '', `Root=${ROOT}`, `Root=nope;Parent=${PARENT};Sampled=1`, `Root=${ROOT};Parent=xyz;Sampled=1`]) {
      expect(parseTraceHeader(bad)).toBeUndefined();
    }
  });

  it('sends to the UDP address of AWS_XRAY_DAEMON_ADDRESS, and refuses one it cannot use', () => {
    expect(udpAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(udpAddress('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({ host: '127.0.0.2', port: 2001 });
    for (const bad of ['2000', 'host:', 'host:0', 'host:70000', ':2000']) expect(() => udpAddress(bad)).toThrow(/AWS_XRAY_DAEMON_ADDRESS/);
  });
});
