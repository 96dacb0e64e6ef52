import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import { PROBLEM_MEDIA_TYPE, problem } from '../http/problems.js';
import { logger } from '../observability/logger.js';

/** What Lambda answers for an HTTP event: the shape Hono's adapter returns, headers or multi-value headers. */
export interface LambdaHttpResult {
  statusCode: number;
  body: string;
  isBase64Encoded: boolean;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
}

/** What the wrapper reads of the adapter's answer. */
interface AdapterResult {
  statusCode: number;
  multiValueHeaders?: unknown;
}

type HandleEvent<R extends AdapterResult> = (event: LambdaEvent, context: LambdaContext) => Promise<R>;

/**
 * Wraps the adapter's handler (`handle(app)` from `hono/aws-lambda`): the event is first changed
 * where tools send what the adapter or the app would refuse (`toAdapterEvent`), and the adapter's
 * own refusal of an event it cannot make a `Request` from (a plain-text 400 or 500, the app never
 * reached) is answered as a problem+json 400 and logged through our logger instead of
 * `console.error`. The adapter makes the event's only `Request`. See docs/lambda-entry.md.
 */
export function acceptingEvents<R extends AdapterResult>(
  handleEvent: HandleEvent<R>,
): (event: LambdaEvent, context: LambdaContext) => Promise<R | LambdaHttpResult> {
  return async (event, context) => {
    const { value, refusal } = watchingForRefusal(() => handleEvent(toAdapterEvent(event), context));
    const result = await value;
    if (refusal === undefined || (result.statusCode !== 400 && result.statusCode !== 500)) return result;
    const requestId = context.awsRequestId ?? crypto.randomUUID();
    logger.warn('Event cannot become a request', { requestId, error: refusal.error });
    return problemResult(result, requestId);
  };
}

// What the adapter writes with `console.error` when it cannot make a `Request` of the event (hono 4.13,
// `handle`), before answering it `400 Invalid request` (a TypeError) or `500 Internal Server Error`.
const ADAPTER_REFUSAL_LOG = 'Error processing request:';

/**
 * Runs `call` (the adapter's handler) with the adapter's refusal log taken off `console.error`: the
 * error it logged is returned instead, for our logger. The adapter has no option to log elsewhere nor
 * to answer differently (see docs/lambda-entry.md), hence this, by hand. It makes the `Request`
 * before its first `await`, so the log comes while `call` runs synchronously; the console is restored
 * before anything else can run. Every other `console.error` call passes through unchanged.
 */
function watchingForRefusal<T>(call: () => T): { value: T; refusal: { error: unknown } | undefined } {
  const consoleError = console.error;
  let refusal: { error: unknown } | undefined;
  console.error = (...args: unknown[]) => {
    if (args[0] === ADAPTER_REFUSAL_LOG) refusal = { error: args[1] };
    else Reflect.apply(consoleError, console, args);
  };
  try {
    const value = call();
    return { value, refusal };
  } finally {
    console.error = consoleError;
  }
}

/** The event as Hono's adapter and the app should take it: only what needs changing is changed. */
export function toAdapterEvent(event: LambdaEvent): LambdaEvent {
  return typedAsJsonWhenUntyped(withoutBodyToIgnore(withoutStage(event)));
}

// The events' fields as tools send them, whatever their declared types (an event is only JSON).
type LooseEvent = Record<string, unknown> & {
  body?: unknown;
  httpMethod?: unknown;
  method?: unknown;
  requestContext?: { http?: { method?: unknown }; serviceArn?: unknown } | null;
  headers?: Record<string, unknown> | null;
  multiValueHeaders?: Record<string, unknown> | null;
};

/**
 * An HTTP API (v2) on a named stage puts the stage in `rawPath` (`/prod/items`), where REST API
 * events leave it out of `path`. Hono's adapter routes on `rawPath` as it is, so the stage is taken
 * off here (written by hand: the adapter has no option for it). `$default` stages and function URLs
 * have no prefix.
 */
export function withoutStage(event: LambdaEvent): LambdaEvent {
  if (!('rawPath' in event)) return event;
  const stage = event.requestContext.stage;
  if (!stage || stage === '$default') return event;
  const prefix = `/${stage}`;
  if (event.rawPath !== prefix && !event.rawPath.startsWith(`${prefix}/`)) return event;
  return { ...event, rawPath: event.rawPath.slice(prefix.length) || '/' };
}

/**
 * A GET or HEAD event may carry a body: API Gateway forwards the one a client sent, and the events
 * `sam local generate-event` writes carry one by default. A `Request` cannot have one (the fetch
 * standard), so the adapter would refuse the event; the body is ignored instead, as Mangum and Node's
 * HTTP server ignore it. The method is read where each event shape keeps it (REST and ALB
 * `httpMethod`, HTTP API `requestContext.http.method`, VPC Lattice `method`); an event with none is
 * left to the adapter, which refuses a body without a method.
 */
function withoutBodyToIgnore(event: LambdaEvent): LambdaEvent {
  const loose = event as unknown as LooseEvent;
  if (!loose.body) return event;
  const method = String(loose.httpMethod ?? loose.requestContext?.http?.method ?? loose.method ?? '').toUpperCase();
  return method === 'GET' || method === 'HEAD' ? ({ ...event, body: null } as LambdaEvent) : event;
}

/**
 * A body sent with no `Content-Type` is typed `application/json`, the type the API reads (the events
 * `sam local generate-event` writes carry a JSON body and none). The app's `jsonWhenUntyped` does
 * the same for the Node server, after reading the body; here the event says it has one for free.
 * The header goes into every header map the event has, in the form that map holds (a list in
 * multi-value headers and VPC Lattice's), so the adapter finds it whichever map it reads.
 */
function typedAsJsonWhenUntyped(event: LambdaEvent): LambdaEvent {
  const loose = event as unknown as LooseEvent;
  if (!loose.body || hasContentType(loose.headers) || hasContentType(loose.multiValueHeaders)) return event;
  const headers = loose.headers ?? {};
  // VPC Lattice's headers are lists (as the adapter tells a Lattice event: by `requestContext.serviceArn`),
  // even when the event has none yet.
  const listed = Object.hasOwn(loose.requestContext ?? {}, 'serviceArn') || Object.values(headers).some(Array.isArray);
  const typed: LooseEvent = { ...loose, headers: { ...headers, 'content-type': listed ? [JSON_TYPE] : JSON_TYPE } };
  if (loose.multiValueHeaders) typed.multiValueHeaders = { ...loose.multiValueHeaders, 'content-type': [JSON_TYPE] };
  return typed as unknown as LambdaEvent;
}

const JSON_TYPE = 'application/json';

/** Whether a header map names a `Content-Type` with a value (the adapter skips empty ones). */
function hasContentType(headers: Record<string, unknown> | null | undefined): boolean {
  return Object.entries(headers ?? {}).some(
    ([name, value]) => name.toLowerCase() === 'content-type' && (Array.isArray(value) ? value.some(Boolean) : Boolean(value)),
  );
}

/** A 400 problem in the shape of the adapter's refusal: multi-value headers where it used them. */
function problemResult(refused: AdapterResult, requestId: string): LambdaHttpResult {
  const body = problem(400, { detail: 'The request could not be read: its method, URL, headers or body are malformed.', requestId });
  const headers = { 'content-type': PROBLEM_MEDIA_TYPE, 'x-request-id': requestId };
  return {
    statusCode: 400,
    body: JSON.stringify(body),
    isBase64Encoded: false,
    ...(refused.multiValueHeaders
      ? { multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])) }
      : { headers }),
  };
}
