import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTracer } from './tracing.js';

const lambda = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' };

describe('startTracer', () => {
  it.each([
    ['tracing switched off by the template', { ...lambda, POWERTOOLS_TRACE_ENABLED: 'false' }],
    ['… in any case', { ...lambda, POWERTOOLS_TRACE_ENABLED: ' FALSE ' }],
    ['off Lambda (the Node server, tests)', {}],
    ['under `sam local`', { ...lambda, AWS_SAM_LOCAL: 'true' }],
  ])('gives no tracer, and loads no X-Ray SDK, %s', async (_, env) => {
    await expect(startTracer(env)).resolves.toBeUndefined();
  });

  afterEach(() => vi.unstubAllEnvs());

  // Powertools reads the process's environment itself, so this one is set there.
  it('gives an enabled Powertools Tracer on Lambda unless told otherwise', async () => {
    for (const [name, value] of Object.entries(lambda)) vi.stubEnv(name, value);
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'shop');
    const tracer = await startTracer();
    expect(tracer?.isTracingEnabled()).toBe(true);
    expect((tracer as unknown as { serviceName: string }).serviceName).toBe('shop');
  });
});
