import { randomBytes } from 'node:crypto';
import type { TracingMode } from './sam-template.js';

/** An X-Ray tracing header's parts: `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`. */
export interface TraceHeader {
  /** `1-<epoch seconds, 8 hex>-<24 hex>`: the trace. */
  root: string;
  /** 16 hex: the parent segment's id (on Lambda, the function's own segment, which the X-Ray SDK stands in for). */
  parent: string;
  sampled: boolean;
}

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

/**
 * The header Lambda hands one invocation's runtime (`_X_AMZN_TRACE_ID`). It continues the trace of the
 * request's `X-Amzn-Trace-Id` when that names one, and keeps its sampling decision when it made one,
 * as API Gateway and Lambda both respect an upstream decision. Otherwise the trace is new, and sampled
 * in Active mode (every request here, where X-Ray's sampling rules would pick 1 a second and 5 %) and
 * not in PassThrough, which only follows a caller's decision.
 */
export function invocationTraceHeader(mode: TracingMode, upstream?: string, now = Date.now()): TraceHeader {
  const given = upstream === undefined ? {} : parseTraceHeader(upstream);
  return {
    root: given.root ?? newTraceRoot(now),
    parent: randomBytes(8).toString('hex'),
    sampled: given.sampled ?? mode === 'Active',
  };
}

export function formatTraceHeader({ root, parent, sampled }: TraceHeader): string {
  return `Root=${root};Parent=${parent};Sampled=${sampled ? 1 : 0}`;
}

/** What a header says of the trace and the sampling decision; parts missing or malformed are left out. */
export function parseTraceHeader(header: string): { root?: string; sampled?: boolean } {
  const fields = new Map(
    header.split(';').map((field) => {
      const [key = '', value = ''] = field.split('=', 2);
      return [key.trim().toLowerCase(), value.trim()] as const;
    }),
  );
  const root = fields.get('root')?.toLowerCase();
  const sampled = fields.get('sampled');
  return {
    ...(root !== undefined && ROOT.test(root) && { root }),
    ...((sampled === '0' || sampled === '1') && { sampled: sampled === '1' }),
  };
}

function newTraceRoot(now: number): string {
  return `1-${Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}
