import type { Tracer } from '@aws-lambda-powertools/tracer';
import { SERVICE_NAME } from './logger.js';

/**
 * Powertools' Tracer, or nothing when it would be off anyway. Powertools turns itself off outside
 * Lambda and with `POWERTOOLS_TRACE_ENABLED=false`, but only after importing the X-Ray SDK, which
 * costs tens of milliseconds of every cold start; the same rule is checked here first, so that with
 * tracing off the SDK is never loaded.
 */
export async function startTracer(env: NodeJS.ProcessEnv = process.env): Promise<Tracer | undefined> {
  const off = env.POWERTOOLS_TRACE_ENABLED?.trim().toLowerCase() === 'false';
  if (off || !env.AWS_EXECUTION_ENV || env.AWS_SAM_LOCAL) return undefined;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  return new Tracer({ serviceName: env.POWERTOOLS_SERVICE_NAME?.trim() || SERVICE_NAME });
}

/**
 * Runs one invocation in a `## <handler>` subsegment of Lambda's segment, annotated as Powertools'
 * own middleware does (cold start, service) plus what `annotations` returns once it has run. The
 * response is not recorded: it holds items.
 */
export async function traceInvocation<T>(
  tracer: Tracer,
  invoke: () => Promise<T>,
  annotations: () => Record<string, string | number>,
): Promise<T> {
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await invoke();
  } catch (error) {
    tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    for (const [key, value] of Object.entries(annotations())) tracer.putAnnotation(key, value);
    if (subsegment && segment) {
      subsegment.close();
      tracer.setSegment(segment);
    }
  }
}
