/** What Lambda's `_X_AMZN_TRACE_ID` says of one invocation: `Root=1-…;Parent=…;Sampled=1`. */
export interface InvocationTrace {
  /** `1-<8 hex>-<24 hex>`. */
  traceId: string;
  /** The function's segment, which Lambda records itself: the parent of every subsegment sent. */
  parentId: string;
  sampled: boolean;
}

const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const SEGMENT_ID = /^[0-9a-f]{16}$/;

/** The invocation's trace, or undefined when the header names no trace and parent to send under. */
export function parseTraceHeader(header: string | undefined): InvocationTrace | undefined {
  if (!header) return undefined;
  const fields = new Map(
    header.split(';').map((field) => {
      const at = field.indexOf('=');
      return [field.slice(0, at).trim().toLowerCase(), field.slice(at + 1).trim()] as const;
    }),
  );
  const traceId = fields.get('root');
  const parentId = fields.get('parent');
  if (!traceId || !TRACE_ID.test(traceId) || !parentId || !SEGMENT_ID.test(parentId)) return undefined;
  return { traceId, parentId, sampled: fields.get('sampled') === '1' };
}
