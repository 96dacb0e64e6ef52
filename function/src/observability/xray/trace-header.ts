import { randomBytes } from 'node:crypto';
import { stringSetting } from '@items-api/dynamodb-records';

/** What Lambda's trace header says of one invocation: `Root=1-…;Parent=…;Sampled=1`. */
export interface InvocationTrace {
  /** `1-<8 hex>-<24 hex>`. */
  traceId: string;
  /** The function's segment, which Lambda records itself: the parent of every subsegment sent. */
  parentId: string;
  sampled: boolean;
}

/** A request's trace on the Node server, where this process records the request's segment itself. */
export interface RequestTrace {
  traceId: string;
  /** The caller's segment, when its header names one: the parent of the request's segment. */
  parentId: string | undefined;
  sampled: boolean;
}

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

interface LambdaGlobal {
  awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } };
}

/**
 * The current invocation's trace header, read as Powertools reads it (`getXrayTraceDataFromEnv`):
 * first from Lambda's `InvokeStore`, which the runtime fills per invocation and keeps in its async
 * context when invocations run concurrently, then from `_X_AMZN_TRACE_ID`, which holds only the
 * latest invocation's. Read off the runtime's global by hand, as Powertools does, rather than through
 * Powertools: its helper returns the header's fields unchecked, and checking them is what is left here.
 */
export function invocationTraceHeader(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (globalThis as LambdaGlobal).awslambda?.InvokeStore?.getXRayTraceId() ?? stringSetting(env, '_X_AMZN_TRACE_ID');
}

/** The invocation's trace, or undefined when the header names no trace and parent to send under. */
export function parseTraceHeader(header: string | undefined): InvocationTrace | undefined {
  const fields = fieldsOf(header);
  const traceId = fields.get('root');
  const parentId = fields.get('parent');
  if (!traceId || !TRACE_ID.test(traceId) || !parentId || !SEGMENT_ID.test(parentId)) return undefined;
  return { traceId, parentId, sampled: fields.get('sampled') === '1' };
}

/**
 * The trace of a request to the Node server, from its `X-Amzn-Trace-Id` (a client's, or a load
 * balancer's, which names a root and no parent): its root kept, its parent when valid, not sampled
 * only when it says `Sampled=0`. Without a valid root the request starts a trace of its own, sampled:
 * there is no daemon's sampling rule to ask here, and a server traced on purpose wants every request.
 */
export function requestTrace(header: string | null | undefined): RequestTrace {
  const fields = fieldsOf(header ?? undefined);
  const root = fields.get('root');
  if (!root || !TRACE_ID.test(root)) return { traceId: newTraceId(), parentId: undefined, sampled: true };
  const parent = fields.get('parent');
  return { traceId: root, parentId: parent && SEGMENT_ID.test(parent) ? parent : undefined, sampled: fields.get('sampled') !== '0' };
}

/** `1-<epoch seconds, 8 hex>-<96 random bits>`, as X-Ray's trace ids are made. */
export function newTraceId(now = Date.now()): string {
  return `1-${Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

function fieldsOf(header: string | undefined): Map<string, string> {
  if (!header) return new Map();
  return new Map(
    header.split(';').map((field) => {
      const at = field.indexOf('=');
      return [field.slice(0, at).trim().toLowerCase(), field.slice(at + 1).trim()] as const;
    }),
  );
}
