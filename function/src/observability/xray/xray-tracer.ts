import type { AsyncLocalStorage } from 'node:async_hooks';
import type { SendDocument } from './daemon-sender.js';
import { type AnnotationValue, Subsegment } from './subsegment.js';
import { parseTraceHeader } from './trace-header.js';

/**
 * X-Ray tracing of Lambda invocations, written by hand: Powertools' Tracer, and the X-Ray SDK it
 * wraps, cost about 17 ms of every cold start with tracing on (docs/performance.md), which alone
 * takes most of what the budget allows tracing. What it did here is small: a `## <handler>`
 * subsegment per sampled invocation under Lambda's segment, annotated with the cold start and the
 * service, subsegments for the calls made inside it, each sent to the daemon over UDP as it closes.
 */
export class XrayTracer {
  #coldStart = true;

  constructor(
    private readonly serviceName: string,
    private readonly send: SendDocument,
    private readonly current: AsyncLocalStorage<Subsegment>,
    private readonly traceHeader: () => string | undefined = () => process.env._X_AMZN_TRACE_ID,
  ) {}

  /**
   * Runs one invocation inside its handler subsegment (Lambda hands each invocation its trace in
   * `_X_AMZN_TRACE_ID`). With no trace, or one not sampled, it runs untraced and nothing is sent.
   */
  async traceInvocation<T>(handler: string, invoke: () => Promise<T>): Promise<T> {
    const trace = parseTraceHeader(this.traceHeader());
    const coldStart = this.#coldStart;
    this.#coldStart = false;
    if (!trace) return invoke();
    const subsegment = new Subsegment(`## ${handler}`, trace.traceId, trace.parentId, trace.sampled, this.send);
    subsegment.annotate('ColdStart', coldStart);
    subsegment.annotate('Service', this.serviceName);
    try {
      const result = await this.current.run(subsegment, invoke);
      subsegment.close();
      return result;
    } catch (error) {
      subsegment.flag('fault');
      subsegment.close(causeOf(error));
      throw error;
    }
  }

  /** The subsegment of whatever runs now (a call's subsegment goes under it), if traced. */
  active(): Subsegment | undefined {
    return this.current.getStore();
  }

  /** Annotates the invocation's subsegment: searchable in X-Ray (`annotation.route = "/items/{id}"`). */
  annotate(key: string, value: AnnotationValue): void {
    this.active()?.annotate(key, value);
  }
}

function causeOf(error: unknown) {
  return error instanceof Error
    ? { name: error.name, message: error.message, ...(error.stack && { stack: error.stack }) }
    : { name: 'Error', message: String(error) };
}
