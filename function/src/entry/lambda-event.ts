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

type HandleEvent<R> = (event: LambdaEvent, context: LambdaContext) => Promise<R>;

/**
 * Wraps the adapter's handler (`handle(app)` from `hono/aws-lambda`) so that every HTTP event gets an
 * answer from us: the event is first made one the adapter takes (`toAdapterEvent`); one that still
 * cannot become a `Request` is answered 400 problem+json here, logged through our logger. Left to
 * the adapter, such an event gets a plain-text `400 Invalid request` (or `500 Internal Server
 * Error`), written with `console.error`, the app never reached.
 */
export function acceptingEvents<R>(
  handleEvent: HandleEvent<R>,
): (event: LambdaEvent, context: LambdaContext) => Promise<R | LambdaHttpResult> {
  return async (event, context) => {
    const adapted = toAdapterEvent(event);
    const error = requestError(adapted);
    if (error === undefined) return handleEvent(adapted, context);
    const requestId = context.awsRequestId ?? crypto.randomUUID();
    logger.warn('Event cannot become a request', { requestId, error });
    return problemResult(adapted, requestId);
  };
}

/** The event as Hono's adapter can take it: the stage off an HTTP API path, no body on GET or HEAD. */
export function toAdapterEvent(event: LambdaEvent): LambdaEvent {
  return withoutBodyToIgnore(withoutStage(event));
}

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
 * HTTP server ignore it.
 */
function withoutBodyToIgnore(event: LambdaEvent): LambdaEvent {
  if (!event.body) return event;
  const method = String(methodOf(event) ?? '').toUpperCase();
  return method === 'GET' || method === 'HEAD' ? { ...event, body: null } : event;
}

type Kind = 'alb' | 'v2' | 'lattice' | 'v1';
// The events' fields as the adapter reads them, whatever their declared types (an event is only JSON).
type LooseEvent = Record<string, unknown> & {
  requestContext?: Record<string, unknown> & { http?: { method?: unknown }; domainName?: unknown };
  headers?: Record<string, unknown> | null;
  multiValueHeaders?: Record<string, unknown> | null;
  queryStringParameters?: Record<string, unknown> | null;
  multiValueQueryStringParameters?: Record<string, unknown> | null;
};

/** Which of the adapter's event processors reads the event (its `getProcessor`, same order). */
function kindOf(event: LooseEvent): Kind {
  const context = event.requestContext;
  if (context && Object.hasOwn(context, 'elb')) return 'alb';
  if (Object.hasOwn(event, 'rawPath') && Object.hasOwn(context ?? {}, 'http')) return 'v2';
  if (context && Object.hasOwn(context, 'serviceArn')) return 'lattice';
  return 'v1';
}

function methodOf(event: LambdaEvent): unknown {
  const loose = event as unknown as LooseEvent;
  const kind = kindOf(loose);
  return kind === 'v2' ? loose.requestContext?.http?.method : kind === 'lattice' ? loose.method : loose.httpMethod;
}

/**
 * Why Hono's adapter (hono 4.13, `EventProcessor.createRequest`) could not build a `Request` from
 * the event, or `undefined` when it can. It builds the same URL, method and headers with the same
 * Web APIs, so the platform's own rules decide (a header value with CR, LF or NUL; a header name
 * that is not a token; a method that is not one or is forbidden; a host that makes no URL; a body on
 * a GET or HEAD, a missing method counting as GET), and decodes a base64 body the way the adapter
 * does. The body itself is not copied. `lambda-event.test.ts` holds it to
 * the adapter: an event is refused here exactly when the adapter would refuse it.
 */
export function requestError(event: LambdaEvent): unknown {
  const loose = event as unknown as LooseEvent;
  const kind = kindOf(loose);
  try {
    const query = queryOf(loose, kind);
    const path = kind === 'v2' ? loose.rawPath : loose.path;
    const url = `https://${String(domainOf(loose))}${String(path)}`;
    // An empty body stands for the event's: enough for the rule that GET and HEAD take none. A
    // missing method is passed on as missing (GET), as the adapter passes it.
    const body = loose.body ? '' : null;
    new Request(query ? `${url}?${query}` : url, { method: methodOf(event) as string, headers: headersOf(loose, kind), body });
    if (loose.body && loose.isBase64Encoded) atob(loose.body as string);
    return undefined;
  } catch (error) {
    return error;
  }
}

// The adapter's `sanitizeHeaderValue`: a value with non-ASCII characters is percent-encoded.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII, to find what is outside it
const sanitize = (value: unknown) => (/[^\x00-\x7F]/.test(value as string) ? encodeURIComponent(value as string) : (value as string));
const entries = (record: Record<string, unknown> | null | undefined) => Object.entries(record ?? {});

function headersOf(event: LooseEvent, kind: Kind): Headers {
  const headers = new Headers();
  if (kind === 'alb') {
    if (event.multiValueHeaders) {
      for (const [name, values] of entries(event.multiValueHeaders))
        if (Array.isArray(values)) headers.set(name, sanitize(values.join('; ')));
    } else for (const [name, value] of entries(event.headers)) if (value) headers.set(name, sanitize(value));
    return headers;
  }
  if (kind === 'v2' && Array.isArray(event.cookies)) headers.set('Cookie', event.cookies.join('; '));
  if (kind === 'v1' || kind === 'lattice') {
    const multi = kind === 'v1' ? event.multiValueHeaders : event.headers;
    for (const [name, values] of entries(multi)) {
      for (const value of (values as unknown[] | null) ?? []) headers.append(name, sanitize(value));
    }
  }
  if (kind === 'v1' || kind === 'v2') {
    for (const [name, value] of entries(event.headers))
      if (value && !(kind === 'v1' && headers.has(name))) headers.set(name, sanitize(value));
  }
  return headers;
}

function queryOf(event: LooseEvent, kind: Kind): string {
  if (kind === 'v2') return event.rawQueryString as string;
  if (kind === 'lattice') return '';
  const encode = kind === 'v1' ? encodeURIComponent : (text: string) => text;
  if (event.multiValueQueryStringParameters) {
    return entries(event.multiValueQueryStringParameters)
      .filter(([, values]) => values)
      .map(([key, values]) => (values as string[]).map((value) => `${encode(key)}=${encode(value)}`).join('&'))
      .join('&');
  }
  return entries(event.queryStringParameters)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encode(key)}=${encode((value as string) || '')}`)
    .join('&');
}

/** The adapter's `getDomainName`: the request context's domain, else the `host` header. */
function domainOf(event: LooseEvent): unknown {
  if (event.requestContext && 'domainName' in event.requestContext) return event.requestContext.domainName;
  const first = (headers: Record<string, unknown> | null | undefined) => {
    const value = headers?.host;
    return Array.isArray(value) ? value[0] : value;
  };
  return first(event.headers) || first(event.multiValueHeaders);
}

/** A 400 problem in the result shape the adapter gives this kind of event. */
function problemResult(event: LambdaEvent, requestId: string): LambdaHttpResult {
  const body = problem(400, { detail: 'The request could not be read: its method, URL, headers or body are malformed.', requestId });
  const headers = { 'content-type': PROBLEM_MEDIA_TYPE, 'x-request-id': requestId };
  const multi = 'multiValueHeaders' in event && event.multiValueHeaders;
  return {
    statusCode: 400,
    body: JSON.stringify(body),
    isBase64Encoded: false,
    ...(multi ? { multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])) } : { headers }),
  };
}
