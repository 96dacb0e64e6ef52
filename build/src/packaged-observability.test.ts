import { templateTables } from '@items-api/local/template-tables';
import { jsonObjects } from '@items-api/test-support/captured-output';
import { parseEmf } from '@items-api/test-support/emf';
import { type FakeXrayDaemon, startFakeXrayDaemon } from '@items-api/test-support/fake-xray-daemon';
import { useItemsTable } from '@items-api/test-support/items-table';
import { buildIntoTemp, type RunnerWithLog, startProjectRunner } from '@items-api/test-support/lambda-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Logs, metrics and traces of the built zips as the local runner runs them from the template: proof
// that Powertools and the X-Ray tracer work bundled in the layer and the function, not only from node_modules.
const table = useItemsTable('packaged-observability');
let build: Awaited<ReturnType<typeof buildIntoTemp>>;
let daemon: FakeXrayDaemon;

beforeAll(async () => {
  [build, daemon] = await Promise.all([buildIntoTemp(), startFakeXrayDaemon()]);
});
afterAll(async () => {
  await daemon.close();
  await build.remove();
});

async function withRunner(tracing: 'Active' | 'PassThrough', use: (runner: RunnerWithLog) => Promise<void>): Promise<void> {
  const runner = await startProjectRunner(build.dir, table.endpoint, table.prefix, `packaged-observability-${tracing}`, {
    values: { resources: templateTables(table.prefix), parameters: { Tracing: tracing } },
    xrayDaemonAddress: daemon.address,
  });
  try {
    await use(runner);
  } finally {
    await runner.stop();
  }
}

describe('the packaged function', () => {
  it("with tracing on (the template's default), logs, meters and traces each request", async () => {
    await withRunner('Active', async (runner) => {
      const created = await fetch(`${runner.stageUrls[0]}items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Traced', price: 2 }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      expect((await fetch(`${runner.stageUrls[0]}items/${id}`)).status).toBe(200);

      const requests = jsonObjects(runner.lines).filter((line) => line.message === 'request');
      expect(requests.map(({ method, route, status, cold_start }) => [method, route, status, cold_start])).toEqual([
        ['POST', '/items', 201, true],
        ['GET', '/items/{id}', 200, false],
      ]);
      expect(requests[0]).toMatchObject({
        level: 'INFO',
        service: 'items-api',
        function_name: 'ItemsFunction',
        xray_trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      });

      const metrics = runner.lines.filter((line) => line.includes('"_aws"')).map(parseEmf);
      expect(metrics.filter((document) => document.ColdStart === 1)).toHaveLength(1);
      expect(metrics.filter((document) => 'Requests' in document).map((document) => document.route)).toEqual([
        'POST /items',
        'GET /items/{id}',
      ]);
      expect(metrics.every((document) => document._aws.CloudWatchMetrics[0]!.Namespace === 'ItemsApi')).toBe(true);

      // Each invocation's DynamoDB call, under its handler subsegment, in the trace its log line names.
      for (const [request, operation] of [
        [requests[0]!, 'PutItem'],
        [requests[1]!, 'GetItem'],
      ] as const) {
        const inTrace = () => daemon.segments().filter((segment) => segment.trace_id === request.xray_trace_id);
        // Each subsegment is sent over UDP as it closes: the DynamoDB call's first, the handler's last.
        await expect
          .poll(
            () =>
              inTrace()
                .map((segment) => segment.name)
                .filter((name) => name === 'DynamoDB' || name === '## index.handler')
                .sort(),
            { timeout: 10_000 },
          )
          .toEqual(['## index.handler', 'DynamoDB']);
        const handler = inTrace().find((segment) => segment.name === '## index.handler');
        expect(handler?.annotations).toMatchObject({ Service: 'items-api', route: request.route, status: request.status });
        expect(inTrace().find((segment) => segment.name === 'DynamoDB')).toMatchObject({ parent_id: handler?.id, aws: { operation } });
      }
    });
  });

  it('with tracing off, records nothing even of a request a caller sampled, and still logs and meters', async () => {
    const before = daemon.segments().length;
    await withRunner('PassThrough', async (runner) => {
      // PassThrough follows a caller's decision: this invocation is sampled, so a loaded tracer would
      // send its segments. Only a tracer never loaded sends none.
      const upstream = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${'ab'.repeat(12)};Sampled=1`;
      expect((await fetch(`${runner.stageUrls[0]}items?limit=1`, { headers: { 'x-amzn-trace-id': upstream } })).status).toBe(200);
      expect(runner.lines.some((line) => /^REPORT .*XRAY TraceId: .*Sampled: true/.test(line))).toBe(true);
      expect(jsonObjects(runner.lines).filter((line) => line.message === 'request')).toHaveLength(1);
      expect(runner.lines.some((line) => line.includes('"Requests":1'))).toBe(true);
    });
    // Segments are sent as soon as they close, before the response; give stragglers a moment anyway.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(daemon.segments().length).toBe(before);
  });
});
