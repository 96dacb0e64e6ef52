import { currentRequest, withinRequest } from '../request-context.js';
import type { SendDocument } from './daemon-sender.js';
import { type AnnotationValue, Subsegment } from './subsegment.js';
import { invocationTraceHeader, parseTraceHeader, requestTrace } from './trace-header.js';

/**
 * X-Ray tracing of Lambda invocations and of the Node server's requests, written by hand:
 * Powertools' Tracer, and the X-Ray SDK it wraps, cost about 17 ms of every cold start with tracing
 * on (docs/performance.md), which alone takes most of what the budget allows tracing. What it does
 * here is small: a `## <handler>` subsegment per sampled invocation under Lambda's segment (on the
 * Node server, a segment per request), annotated with the service (and on Lambda the cold start),
 * subsegments for the calls made inside it, each sent to the daemon over UDP as it closes. The open
 * (sub)segment is the request's own (`request-context.ts`), so concurrent requests never share one.
 */
export class XrayTracer {
  #coldStart = true;

  constructor(
    private readonly serviceName: string,
    private readonly send: SendDocument,
    private readonly traceHeader: () => string | undefined = invocationTraceHeader,
  ) {}

  /**
   * Runs one invocation inside its handler subsegment, under the trace Lambda hands the invocation
   * (see `invocationTraceHeader`). With no trace, or one not sampled, it runs untraced and nothing is sent.
   */
  async traceInvocation<T>(handler: string, invoke: () => Promise<T>): Promise<T> {
    const trace = parseTraceHeader(this.traceHeader());
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    if (!trace) return invoke();
    const subsegment = new Subsegment(`## ${handler}`, trace.traceId, trace.parentId, trace.sampled, this.send);
    subsegment.annotate('ColdStart', coldStart);
    subsegment.annotate('Service', this.serviceName);
    return this.#traced(subsegment, invoke);
  }

  /**
   * Runs one request to the Node server inside a segment of its own, named after the service, as the
   * X-Ray SDK's HTTP middleware records a request: in the trace its `X-Amzn-Trace-Id` names, or in a
   * new one (see `requestTrace`), with its method, URL and status, and the error, throttle or fault
   * flag its status calls for.
   */
  async traceRequest(request: Request, serve: () => Promise<Response>): Promise<Response> {
    const { traceId, parentId, sampled } = requestTrace(request.headers.get('x-amzn-trace-id'));
    const segment = new Subsegment(this.serviceName, traceId, parentId, sampled, this.send, 'segment');
    segment.annotate('Service', this.serviceName);
    // The path only: a query string may carry what a trace should not keep (a page's cursor).
    const url = new URL(request.url);
    const http = { request: { method: request.method, url: `${url.origin}${url.pathname}` } };
    return this.#traced(segment, serve, (response) => {
      const { status } = response;
      segment.set({ http: { ...http, response: { status } } });
      if (status === 429) segment.flag('throttle');
      if (status >= 400) segment.flag(status >= 500 ? 'fault' : 'error');
    });
  }

  /** The (sub)segment of the request whose code runs now (a call's subsegment goes under it), if traced. */
  active(): Subsegment | undefined {
    return currentRequest()?.trace;
  }

  /** Annotates the request's (sub)segment: searchable in X-Ray (`annotation.route = "/items/{id}"`). */
  annotate(key: string, value: AnnotationValue): void {
    this.active()?.annotate(key, value);
  }

  async #traced<T>(subsegment: Subsegment, run: () => Promise<T>, answered?: (result: T) => void): Promise<T> {
    try {
      const result = await withinRequest((context) => {
        context.trace = subsegment;
        return run();
      });
      answered?.(result);
      subsegment.close();
      return result;
    } catch (error) {
      subsegment.flag('fault');
      subsegment.close(causeOf(error));
      throw error;
    }
  }
}

function causeOf(error: unknown) {
  return error instanceof Error
    ? { name: error.name, message: error.message, ...(error.stack && { stack: error.stack }) }
    : { name: 'Error', message: String(error) };
}
