import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipDirectory } from '@items-api/build/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaRunner, type LambdaRunnerOptions, startLambdaRunner } from './lambda-runner.js';
import { parseTraceHeader } from './xray-trace-header.js';

// The runner against a probe function (fixtures/probe) and layer (fixtures/lib) whose paths each ask
// for one behaviour: echo the event, log, sleep past the timeout, throw, crash, answer malformed.
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let zipsDir: string;
const runners: LambdaRunner[] = [];

beforeAll(async () => {
  zipsDir = await mkdtemp(join(tmpdir(), 'runner-fixtures-'));
  await zipDirectory(join(FIXTURES, 'probe'), join(zipsDir, 'Probe.zip'));
  await zipDirectory(join(FIXTURES, 'probe'), join(zipsDir, 'Slow.zip'));
  await zipDirectory(join(FIXTURES, 'lib'), join(zipsDir, 'Lib.zip'));
});

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
  await rm(zipsDir, { recursive: true, force: true });
});

async function start(options: Partial<LambdaRunnerOptions> = {}): Promise<LambdaRunner & { lines: string[] }> {
  const lines: string[] = [];
  const runner = await startLambdaRunner({
    templateFile: join(FIXTURES, 'template.yaml'),
    zipsDir,
    port: 0,
    values: { resources: { Table: 'probe-table' } },
    maxEnvironments: 1,
    log: (line) => lines.push(line),
    ...options,
  });
  runners.push(runner);
  return Object.assign(runner, { lines });
}

async function json(response: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

interface Echo {
  event: Record<string, unknown> & { requestContext: Record<string, unknown> };
  invocations: number;
  remainingMs: number;
  awsRequestId: string;
  env: Record<string, string | undefined>;
  cwd: string;
  pid: number;
  nodeVersion: string;
  layer: string[];
}

describe('the local API Gateway + Lambda runner', () => {
  let runner: Awaited<ReturnType<typeof start>>;
  let base: string;
  beforeAll(async () => {
    runner = await start({ environment: { RUNNER_SECRET: 'given' } });
    base = runner.stageUrls[0]!;
  });

  it('serves each stage of the template under its name', () => {
    expect(runner.stageUrls).toEqual([`${runner.url}test/`]);
  });

  it('sends the REST API proxy event API Gateway sends', async () => {
    // fetch would join repeated headers into one; node:http sends them as given.
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${base}echo?a=1&a=2&b=x%20y`, { headers: ['Host', new URL(base).host, 'X-Multi', '1', 'X-Multi', '2'] }, resolve)
        .on('error', reject)
        .end(),
    );
    expect(response.statusCode).toBe(200);
    const { event } = (await json(response)) as Echo;
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      path: '/echo',
      httpMethod: 'GET',
      pathParameters: { proxy: 'echo' },
      queryStringParameters: { a: '2', b: 'x y' },
      multiValueQueryStringParameters: { a: ['1', '2'], b: ['x y'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'X-Multi': '2', 'X-Forwarded-Proto': 'http' });
    expect(event.multiValueHeaders).toMatchObject({ 'X-Multi': ['1', '2'] });
    expect(event.requestContext).toMatchObject({ stage: 'test', path: '/test/echo', resourcePath: '/{proxy+}', httpMethod: 'GET' });
    expect(event.requestContext.requestId).toBe(response.headers['x-amzn-requestid']);
  });

  it('routes the stage root to the `/` resource', async () => {
    for (const url of [base, base.slice(0, -1)]) {
      const { event } = (await (await fetch(url)).json()) as Echo;
      expect(event).toMatchObject({ resource: '/', path: '/', pathParameters: null, queryStringParameters: null });
      expect(event.requestContext.path).toBe(new URL(url).pathname);
    }
  });

  it('answers outside every stage as API Gateway does', async () => {
    const response = await fetch(`${runner.url}prod/echo`);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
  });

  it('runs the function with the template environment, Lambda variables and nothing else of the runner', async () => {
    const echo = (await (await fetch(`${base}echo`)).json()) as Echo;
    expect(echo.env).toMatchObject({
      GREETING: 'test-hello',
      TABLE: 'probe-table',
      AWS_LAMBDA_FUNCTION_NAME: 'Probe',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      RUNNER_SECRET: 'given',
    });
    expect(echo.cwd).toBe(echo.env.LAMBDA_TASK_ROOT);
    expect(echo.env.NODE_PATH?.split(':').map((dir) => dir.replace(/^.*\/(opt|var)\//, '/$1/'))).toEqual([
      '/opt/nodejs/node24/node_modules',
      '/opt/nodejs/node_modules',
      '/var/runtime/node_modules',
      '/var/runtime',
      '/var/task',
    ]);
    expect(echo.remainingMs).toBeGreaterThan(0);
    expect(echo.remainingMs).toBeLessThanOrEqual(2000);
  });

  it('resolves layer packages for import and require, and nothing outside the sandbox', async () => {
    const echo = (await (await fetch(`${base}echo`)).json()) as Echo;
    expect(echo.layer).toEqual(['HI', 'hello you']);
    // In this repository's node_modules, so found by a plain Node process, but not in the sandbox.
    const hidden = await (await fetch(`${base}hidden`)).json();
    expect(hidden).toEqual({ found: false, code: 'ERR_MODULE_NOT_FOUND' });
    // Zipped at the layer's root instead of under nodejs/: Lambda would not find it either.
    const misplaced = await (await fetch(`${base}misplaced`)).json();
    expect(misplaced).toEqual({ found: false, code: 'ERR_MODULE_NOT_FOUND' });
  });

  it('gives the function a read-only task root, as Lambda does', async () => {
    // By mode, since root (as in CI) may write whatever the mode says.
    const modes = await (await fetch(`${base}modes`)).json();
    expect(modes).toEqual({ taskRoot: 0o555, handler: 0o444 });
  });

  it('passes binary bodies as base64 both ways and text bodies as text', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    const binary = (await (
      await fetch(`${base}echo`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes })
    ).json()) as Echo;
    expect(binary.event.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.event.body as string, 'base64')).toEqual(bytes);

    const text = (await (
      await fetch(`${base}echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"é"}' })
    ).json()) as Echo;
    expect(text.event).toMatchObject({ isBase64Encoded: false, body: '{"a":"é"}' });

    const response = await fetch(`${base}binary`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('sends every value of multi-value headers, plus the API Gateway request id', async () => {
    const response = await fetch(`${base}echo`);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs START, the function lines in Lambda format, END and REPORT for each request', async () => {
    const from = runner.lines.length;
    const response = await fetch(`${base}log`);
    expect(response.status).toBe(204);
    const lines = runner.lines.slice(from);
    const requestId = /^START RequestId: (\S+) Version: \$LATEST$/.exec(lines[0] ?? '')?.[1];
    expect(requestId).toBeDefined();
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\thello from ${requestId}$`));
    expect(lines[2]).toBe(`END RequestId: ${requestId}`);
    // The probe is traced (Active): Lambda adds the sampled invocation's trace to its REPORT line.
    expect(lines[3]).toMatch(
      new RegExp(
        `^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 256 MB\\tMax Memory Used: \\d+ MB\\t` +
          'XRAY TraceId: 1-[0-9a-f]{8}-[0-9a-f]{24}\\tSegmentId: [0-9a-f]{16}\\tSampled: true\\t$',
      ),
    );
  });

  it('shows the cold start once, on the Node.js major version of the runtime, then reuses the warm environment', async () => {
    const cold = await start();
    const first = (await (await fetch(`${cold.stageUrls[0]}echo`)).json()) as Echo;
    const second = (await (await fetch(`${cold.stageUrls[0]}echo`)).json()) as Echo;
    expect([first.invocations, second.invocations]).toEqual([1, 2]);
    // The fixture's template says nodejs24.x, whatever Node.js runs the runner (and these tests).
    expect(first.nodeVersion).toMatch(/^v24\./);
    expect(cold.functions).toContainEqual({ logicalId: 'Probe', runtime: 'nodejs24.x', nodeVersion: first.nodeVersion });
    expect(cold.lines.filter((line) => line.startsWith('INIT_START'))).toEqual([
      `INIT_START Runtime Version: nodejs:24 (Node.js ${first.nodeVersion})`,
    ]);
    expect(cold.lines.findIndex((line) => line.startsWith('INIT_START'))).toBeLessThan(
      cold.lines.findIndex((line) => line.startsWith('START')),
    );
    const reports = cold.lines.filter((line) => line.startsWith('REPORT'));
    expect(reports).toHaveLength(2);
    expect(reports[0]).toMatch(/\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t/);
    expect(reports[1]).not.toContain('Init Duration');
  });

  it('answers 502 when the handler throws, and keeps the environment warm', async () => {
    const before = ((await (await fetch(`${base}echo`)).json()) as Echo).invocations;
    const response = await fetch(`${base}throw`);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
    expect(runner.lines.some((line) => line.includes('\tERROR\tInvoke Error') && line.includes('handler failed'))).toBe(true);
    const after = ((await (await fetch(`${base}echo`)).json()) as Echo).invocations;
    expect(after).toBe(before + 2);
  });

  it('answers 502 for a malformed proxy response, a header HTTP cannot carry included, and keeps serving', async () => {
    for (const path of ['malformed', 'bad-header']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: 'Internal server error' });
    }
    expect((await fetch(`${base}echo`)).status).toBe(200);
  });

  it('logs END only after every line the invocation printed, on both streams', async () => {
    const from = runner.lines.length;
    expect((await fetch(`${base}chatty`)).status).toBe(204);
    const lines = runner.lines.slice(from);
    const end = lines.findIndex((line) => line.startsWith('END RequestId:'));
    expect(lines.slice(0, end).filter((line) => /\tINFO\tline \d+$/.test(line))).toHaveLength(500);
    expect(lines.slice(0, end)).toContain('last, on stderr');
  });

  it('answers 502 when the process crashes, and starts a new environment for the next request', async () => {
    const response = await fetch(`${base}crash`);
    expect(response.status).toBe(502);
    expect(runner.lines.some((line) => line.includes('Uncaught Exception') && line.includes('boom'))).toBe(true);
    const next = (await (await fetch(`${base}echo`)).json()) as Echo;
    expect(next.invocations).toBe(1);
    expect(runner.lines.filter((line) => line.startsWith('REPORT')).at(-1)).toContain('Init Duration');
  });

  it("ends an invocation at the function's timeout: 502, Lambda's timeout line, a fresh environment after", async () => {
    const started = Date.now();
    const response = await fetch(`${base}sleep`);
    expect(response.status).toBe(502);
    expect(Date.now() - started).toBeLessThan(9_000);
    const timedOut = runner.lines.find((line) => line.includes('Task timed out after 2.00 seconds'));
    expect(timedOut).toBeDefined();
    expect(runner.lines.filter((line) => line.startsWith('REPORT')).at(-1)).toContain('Status: timeout');
    const next = (await (await fetch(`${base}echo`)).json()) as Echo;
    expect(next.invocations).toBe(1);
  });

  it("answers 504 when API Gateway's integration timeout passes first", async () => {
    const impatient = await start({ integrationTimeoutMs: 300 });
    const response = await fetch(`${impatient.stageUrls[0]}sleep`);
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: 'Endpoint request timed out' });
  });

  it('ends a handler that takes longer to load than the init phase allows, and tries again on the next request', async () => {
    const slow = await start({ initTimeoutMs: 500 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(`${slow.stageUrls[0]}slow-init`);
      expect(response.status).toBe(502);
    }
    expect(slow.lines.filter((line) => /^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: timeout$/.test(line))).toHaveLength(2);
    expect(slow.lines.filter((line) => line.startsWith('REPORT')).every((line) => line.includes('Status: timeout'))).toBe(true);
  });

  it('refuses an X-Ray daemon address that is not host:port', async () => {
    await expect(start({ xrayDaemonAddress: 'localhost' })).rejects.toThrow('must be host:port');
  });

  it('leaves no process and no files behind when stopped', async () => {
    const short = await start();
    const { pid, env } = (await (await fetch(`${short.stageUrls[0]}echo`)).json()) as Echo;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await short.stop();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(env.LAMBDA_TASK_ROOT!)).toBe(false);
  });
});

async function body(response: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// The same probe behind an HTTP API: payload format 2.0 events, 2.0 results, an HTTP API's own errors.
describe('the runner standing in for an HTTP API', () => {
  let runner: Awaited<ReturnType<typeof start>>;
  let base: string;
  beforeAll(async () => {
    runner = await start({ templateFile: join(FIXTURES, 'http-template.yaml') });
    base = runner.stageUrls[0]!;
  });

  it('serves the stage under its name, as the REST API does', () => {
    expect(runner.stageUrls).toEqual([`${runner.url}test/`]);
  });

  it('sends the payload format 2.0 event: raw path and query as sent, cookies, joined repeated headers and parameters', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      request(
        `${base}echo/a%20b%2Fc?a=1&a=2&b=x%20y`,
        {
          headers: [
            'Host',
            new URL(base).host,
            'X-Multi',
            '1',
            'x-multi',
            '2',
            'Cookie',
            'session=abc; theme=dark',
            'User-Agent',
            'probe/1',
          ],
        },
        resolve,
      )
        .on('error', reject)
        .end(),
    );
    expect(response.statusCode).toBe(200);
    const { event } = JSON.parse((await body(response)).toString()) as Echo;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /{proxy+}',
      rawPath: '/test/echo/a b/c',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { proxy: 'echo/a b/c' },
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({ 'x-multi': '1,2', 'user-agent': 'probe/1', 'x-forwarded-proto': 'http' });
    expect(event.headers).not.toHaveProperty('cookie');
    for (const field of ['body', 'multiValueHeaders', 'multiValueQueryStringParameters', 'path', 'httpMethod', 'resource']) {
      expect(event).not.toHaveProperty(field);
    }
    expect(event.requestContext).toMatchObject({
      stage: 'test',
      routeKey: 'ANY /{proxy+}',
      http: { method: 'GET', path: '/test/echo/a b/c', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'probe/1' },
    });
    expect(event.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    // HTTP APIs name their request id apigw-requestid, and send no x-amzn-RequestId.
    expect(response.headers['apigw-requestid']).toBe(event.requestContext.requestId);
    expect(response.headers).not.toHaveProperty('x-amzn-requestid');
  });

  it('routes the stage root to the `/` route, and no other route matches it', async () => {
    for (const url of [base, base.slice(0, -1)]) {
      const { event } = (await (await fetch(url)).json()) as Echo;
      expect(event).toMatchObject({ routeKey: 'GET /', rawPath: new URL(url).pathname, rawQueryString: '' });
      expect(event).not.toHaveProperty('pathParameters');
      expect(event).not.toHaveProperty('queryStringParameters');
    }
    const response = await fetch(base, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
  });

  it('answers 404 Not Found outside every stage, where a REST API answers 403', async () => {
    const response = await fetch(`${runner.url}prod/echo`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(response.headers.get('x-amzn-errortype')).toBeNull();
  });

  it('sends text bodies as text and any other body as base64, with no binary media types to set', async () => {
    const post = async (headers: Record<string, string>, payload: string | Uint8Array<ArrayBuffer>): Promise<Echo['event']> =>
      ((await (await fetch(`${base}echo`, { method: 'POST', headers, body: payload })).json()) as Echo).event;
    expect(await post({ 'content-type': 'application/json' }, '{"a":"é"}')).toMatchObject({ isBase64Encoded: false, body: '{"a":"é"}' });
    expect(await post({ 'content-type': 'text/plain; charset=utf-8' }, 'hé')).toMatchObject({ isBase64Encoded: false, body: 'hé' });
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    const binary = await post({ 'content-type': 'application/octet-stream' }, bytes);
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body as string, 'base64')).toEqual(bytes);
    expect(await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from('a=1').toString('base64'),
    });
  });

  it('reads 2.0 results: cookies as Set-Cookie, base64 always decoded, multi-value headers ignored', async () => {
    const cookies = await fetch(`${base}cookies`);
    expect(cookies.status).toBe(201);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(cookies.headers.get('x-count')).toBe('2');
    expect(await cookies.text()).toBe('baked');
    const binary = await fetch(`${base}binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    // The echo's Set-Cookie is in multiValueHeaders, which 2.0 does not have.
    expect((await fetch(`${base}echo`)).headers.getSetCookie()).toEqual([]);
  });

  it('answers a result without statusCode as 200 JSON of that result', async () => {
    const response = await fetch(`${base}no-status`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world', items: [1, 2] });
  });

  it('answers 500 Internal Server Error when the handler throws or answers what the API refuses', async () => {
    for (const path of ['throw', 'malformed', 'bad-header']) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(500);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    }
    expect((await fetch(`${base}echo`)).status).toBe(200);
  });

  it('answers 503 Service Unavailable when the integration timeout passes first', async () => {
    const impatient = await start({ templateFile: join(FIXTURES, 'http-template.yaml'), integrationTimeoutMs: 300 });
    const response = await fetch(`${impatient.stageUrls[0]}sleep`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('answers 413 for a request larger than the API takes', async () => {
    const response = await fetch(`${base}echo`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
  });
});

/** `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>`, as Lambda sets `_X_AMZN_TRACE_ID`. */
const TRACE_HEADER = /^Root=(1-([0-9a-f]{8})-[0-9a-f]{24});Parent=([0-9a-f]{16});Sampled=([01])$/;
const UPSTREAM = { root: '1-5759e988-bd862e3fe1be46a994272793', parent: '53995c3f42cd8ad8' };

function traceOf(echo: Echo): { root: string; epochSeconds: number; parent: string; sampled: string } {
  const [, root, epoch, parent, sampled] = TRACE_HEADER.exec(echo.env._X_AMZN_TRACE_ID ?? '') ?? [];
  expect(root, `a well-formed trace header, not ${echo.env._X_AMZN_TRACE_ID}`).toBeDefined();
  return { root: root!, epochSeconds: parseInt(epoch!, 16), parent: parent!, sampled: sampled! };
}

async function echoOf(runner: LambdaRunner, headers: Record<string, string> = {}): Promise<Echo> {
  return (await (await fetch(`${runner.stageUrls[0]}echo`, { headers })).json()) as Echo;
}

function reportOf(lines: string[], awsRequestId: string): string {
  return lines.find((line) => line.startsWith(`REPORT RequestId: ${awsRequestId}\t`)) ?? '';
}

describe('X-Ray tracing in the runner, as Lambda does it', () => {
  let active: Awaited<ReturnType<typeof start>>;
  let passThrough: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    active = await start();
    passThrough = await start({ values: { resources: { Table: 'probe-table' }, parameters: { Tracing: 'PassThrough' } } });
  });

  it('gives each invocation of an Active function a new, sampled trace header, in the same warm process', async () => {
    const before = Math.floor(Date.now() / 1000);
    const first = await echoOf(active);
    const second = await echoOf(active);
    expect(second.pid).toBe(first.pid);
    const [one, two] = [traceOf(first), traceOf(second)];
    expect([one.sampled, two.sampled]).toEqual(['1', '1']);
    expect(two.root).not.toBe(one.root);
    expect(two.parent).not.toBe(one.parent);
    expect(one.epochSeconds).toBeGreaterThanOrEqual(before);
    expect(one.epochSeconds).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    // The REPORT line names the same trace.
    expect(reportOf(active.lines, first.awsRequestId)).toMatch(
      new RegExp(`\tXRAY TraceId: ${one.root}\tSegmentId: [0-9a-f]{16}\tSampled: true\t$`),
    );
  });

  it("tells the function where the X-Ray daemon is, with Lambda's variables", async () => {
    const { env } = await echoOf(active);
    expect(env).toMatchObject({
      AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
      _AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1',
      _AWS_XRAY_DAEMON_PORT: '2000',
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    });
  });

  it("continues the trace of the request's X-Amzn-Trace-Id and keeps its sampling decision", async () => {
    const unsampled = await echoOf(active, { 'X-Amzn-Trace-Id': `Root=${UPSTREAM.root};Parent=${UPSTREAM.parent};Sampled=0` });
    expect(traceOf(unsampled)).toMatchObject({ root: UPSTREAM.root, sampled: '0' });
    // Under a segment of its own (API Gateway's, on AWS), not the caller's.
    expect(traceOf(unsampled).parent).not.toBe(UPSTREAM.parent);
    expect(reportOf(active.lines, unsampled.awsRequestId)).not.toContain('XRAY');
    // A header without a decision, or a malformed one, leaves the decision to the function's mode.
    expect(traceOf(await echoOf(active, { 'X-Amzn-Trace-Id': `Root=${UPSTREAM.root}` }))).toMatchObject({
      root: UPSTREAM.root,
      sampled: '1',
    });
    expect(traceOf(await echoOf(active, { 'X-Amzn-Trace-Id': 'Root=not-a-trace;Sampled=1' })).root).not.toBe('not-a-trace');
  });

  it('samples nothing of a PassThrough function (the Tracing parameter turned off) unless the caller did', async () => {
    const first = await echoOf(passThrough);
    const second = await echoOf(passThrough);
    expect([traceOf(first).sampled, traceOf(second).sampled]).toEqual(['0', '0']);
    expect(traceOf(second).root).not.toBe(traceOf(first).root);
    expect(reportOf(passThrough.lines, first.awsRequestId)).toMatch(/^REPORT .*\tMax Memory Used: \d+ MB\t/);
    expect(reportOf(passThrough.lines, first.awsRequestId)).not.toContain('XRAY');
    // Lambda gives every function the daemon's address: a caller's sampled request is still traced.
    expect(first.env.AWS_XRAY_DAEMON_ADDRESS).toBe('127.0.0.1:2000');
    const sampled = await echoOf(passThrough, { 'X-Amzn-Trace-Id': `Root=${UPSTREAM.root};Sampled=1` });
    expect(traceOf(sampled)).toMatchObject({ root: UPSTREAM.root, sampled: '1' });
    expect(reportOf(passThrough.lines, sampled.awsRequestId)).toContain(`XRAY TraceId: ${UPSTREAM.root}`);
  });

  it('lets the function send its segments to the daemon address the runner is given', async () => {
    const daemon = createSocket('udp4');
    try {
      await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
      const received = new Promise<string>((resolve) => daemon.once('message', (message) => resolve(message.toString('utf8'))));
      const traced = await start({ xrayDaemonAddress: `127.0.0.1:${daemon.address().port}` });
      const { traceHeader } = (await (await fetch(`${traced.stageUrls[0]}xray`)).json()) as { traceHeader: string };
      const [header, document] = (await received).split('\n');
      expect(JSON.parse(header!)).toEqual({ format: 'json', version: 1 });
      const segment = JSON.parse(document!) as { trace_id: string; parent_id: string };
      const { root } = parseTraceHeader(traceHeader);
      expect(segment.trace_id).toBe(root);
      expect(traceHeader).toContain(`Parent=${segment.parent_id};`);
    } finally {
      daemon.close();
    }
  });
});
