import { describe, expect, it } from 'vitest';
import { readObservabilityConfig } from './observability-config.js';

const lambda = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };

describe('readObservabilityConfig', () => {
  it.each([
    ['switched off by the template (Tracing=PassThrough)', { ...lambda, POWERTOOLS_TRACE_ENABLED: 'false' }],
    ['switched off, in any case and spacing', { ...lambda, POWERTOOLS_TRACE_ENABLED: ' FALSE ' }],
    ['off Lambda (the Node server, tests)', {}],
    ['under `sam local`', { ...lambda, AWS_SAM_LOCAL: 'true' }],
    ["under Amplify's mock", { AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }],
  ])('leaves tracing off %s', (_, env) => {
    expect(readObservabilityConfig(env).tracing).toBe(false);
  });

  it('traces on Lambda unless told otherwise', () => {
    expect(readObservabilityConfig(lambda).tracing).toBe(true);
    expect(readObservabilityConfig({ ...lambda, POWERTOOLS_TRACE_ENABLED: 'true' }).tracing).toBe(true);
  });

  it("takes Powertools' service name and namespace, with the project's defaults", () => {
    expect(readObservabilityConfig({})).toEqual({
      serviceName: 'items-api',
      metricsNamespace: 'ItemsApi',
      tracing: false,
      handler: 'handler',
    });
    expect(
      readObservabilityConfig({ POWERTOOLS_SERVICE_NAME: ' shop ', POWERTOOLS_METRICS_NAMESPACE: 'Shop', _HANDLER: 'index.handler' }),
    ).toMatchObject({
      serviceName: 'shop',
      metricsNamespace: 'Shop',
      handler: 'index.handler',
    });
  });

  it('reads blank settings as unset, and refuses a tracing switch it cannot read, naming it', () => {
    expect(readObservabilityConfig({ ...lambda, POWERTOOLS_SERVICE_NAME: ' ', _HANDLER: '' })).toMatchObject({
      serviceName: 'items-api',
      handler: 'handler',
    });
    expect(readObservabilityConfig({ AWS_EXECUTION_ENV: '  ' }).tracing).toBe(false);
    expect(() => readObservabilityConfig({ ...lambda, POWERTOOLS_TRACE_ENABLED: 'sometimes' })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', setting: 'POWERTOOLS_TRACE_ENABLED' }),
    );
  });
});
