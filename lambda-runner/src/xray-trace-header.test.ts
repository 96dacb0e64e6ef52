import { describe, expect, it } from 'vitest';
import { formatTraceHeader, invocationTraceHeader, parseTraceHeader } from './xray-trace-header.js';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

describe('invocationTraceHeader', () => {
  it('starts a trace at the current second, sampled in Active mode only', () => {
    const active = invocationTraceHeader('Active', undefined, NOW);
    expect(active.root).toMatch(new RegExp(`^1-${(NOW / 1000).toString(16)}-[0-9a-f]{24}$`));
    expect(active.parent).toMatch(/^[0-9a-f]{16}$/);
    expect(active.sampled).toBe(true);
    expect(invocationTraceHeader('PassThrough', undefined, NOW).sampled).toBe(false);
    expect(invocationTraceHeader('Active', undefined, NOW).root).not.toBe(active.root);
  });

  it("continues an upstream trace and keeps its decision, whatever the function's mode", () => {
    const upstream = 'Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995c3f42cd8ad8;Sampled=0;Lineage=a:1';
    expect(invocationTraceHeader('Active', upstream)).toMatchObject({ root: '1-5759e988-bd862e3fe1be46a994272793', sampled: false });
    expect(invocationTraceHeader('PassThrough', 'Root=1-5759e988-bd862e3fe1be46a994272793; Sampled=1').sampled).toBe(true);
    expect(invocationTraceHeader('PassThrough', 'Root=1-5759e988-bd862e3fe1be46a994272793').sampled).toBe(false);
  });

  it('ignores what is malformed in an upstream header', () => {
    expect(parseTraceHeader('Root=2-5759e988-bd862e3fe1be46a994272793;Sampled=?')).toEqual({});
    expect(parseTraceHeader('garbage')).toEqual({});
    expect(invocationTraceHeader('Active', 'Root=1-zz;Sampled=1', NOW).root).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it("formats Lambda's _X_AMZN_TRACE_ID", () => {
    expect(formatTraceHeader({ root: '1-5759e988-bd862e3fe1be46a994272793', parent: '53995c3f42cd8ad8', sampled: true })).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    );
  });
});
