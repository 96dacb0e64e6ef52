import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTracer } from './tracing.js';

// Tells whether anything imported Powertools' Tracer (and with it the X-Ray SDK) in this process.
const imports = vi.hoisted(() => ({ tracer: 0 }));
vi.mock('@aws-lambda-powertools/tracer', async (original) => {
  imports.tracer += 1;
  return original();
});

describe('startTracer', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('with tracing off, gives no tracer and never imports it or the X-Ray SDK', async () => {
    await expect(startTracer({ tracing: false, serviceName: 'items-api' })).resolves.toBeUndefined();
    expect(imports.tracer).toBe(0);
  });

  // Powertools checks the process's environment again itself, so Lambda's is set there.
  it('with tracing on, gives an enabled Powertools Tracer for the service', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    const tracer = await startTracer({ tracing: true, serviceName: 'shop' });
    expect(imports.tracer).toBe(1);
    expect(tracer?.isTracingEnabled()).toBe(true);
    expect((tracer as unknown as { serviceName: string }).serviceName).toBe('shop');
  });
});
