import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { ObservabilityConfig } from './observability-config.js';

/**
 * Powertools' Tracer, or nothing when tracing is off. Powertools would turn itself off in the same
 * cases, but only after importing the X-Ray SDK, which costs tens of milliseconds of every cold start;
 * deciding first means that with tracing off the SDK is never loaded.
 */
export async function startTracer({ tracing, serviceName }: Pick<ObservabilityConfig, 'tracing' | 'serviceName'>): Promise<Tracer | undefined> {
  if (!tracing) return undefined;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer({ serviceName });
}

/**
 * Runs one invocation in a `## <handler>` subsegment of Lambda's segment, annotated as Powertools' own
 * middleware does (cold start, service); what runs inside may annotate it further. The response is
 * not recorded: it holds items.
 */
export async function traceInvocation<T>(tracer: Tracer, handler: string, invoke: () => Promise<T>): Promise<T> {
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${handler}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await invoke();
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    if (subsegment && segment) {
      subsegment.close();
      tracer.setSegment(segment);
    }
  }
}
