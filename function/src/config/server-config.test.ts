import { describe, expect, it } from 'vitest';
import { readServerConfig } from './server-config.js';

describe('readServerConfig', () => {
  it('serves on loopback port 3000 with no metrics and no traces by default, blank read as unset', () => {
    expect(readServerConfig({})).toEqual({ port: 3000, hostname: '127.0.0.1', metrics: false, tracing: false });
    expect(readServerConfig({ PORT: ' ', HOST: '', POWERTOOLS_TRACE_ENABLED: ' ' })).toEqual(readServerConfig({}));
  });

  it('reads the port (0 for any free one), host, metrics and tracing', () => {
    expect(
      readServerConfig({ PORT: '0', HOST: ' 0.0.0.0 ', POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_TRACE_ENABLED: 'TRUE' }),
    ).toEqual({ port: 0, hostname: '0.0.0.0', metrics: true, tracing: true });
  });

  it.each([
    ['PORT', { PORT: '3000x' }],
    ['POWERTOOLS_METRICS_DISABLED', { POWERTOOLS_METRICS_DISABLED: 'nope' }],
    ['POWERTOOLS_TRACE_ENABLED', { POWERTOOLS_TRACE_ENABLED: 'maybe' }],
  ])('refuses %s it cannot read, naming it', (setting, env) => {
    expect(() => readServerConfig(env)).toThrow(new RegExp(`^${setting} must be`));
    expect(() => readServerConfig(env)).toThrow(expect.objectContaining({ setting }));
  });
});
