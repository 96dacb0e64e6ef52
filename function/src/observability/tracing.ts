import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { CallObserver } from '@items-api/items-store';
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

/**
 * Each DynamoDB call as an `aws` subsegment of the current (sub)segment, shaped as the X-Ray SDK's
 * own capture of AWS clients shapes it (operation, table, region, request id, retries, status, and
 * throttle, error or fault flags), which the X-Ray console reads. The store's client tells of each call;
 * it knows nothing of X-Ray.
 */
export function dynamoDbSubsegments(tracer: Tracer): CallObserver {
  return ({ operation, tableName, region }) => {
    const parent = tracer.getSegment();
    if (!parent) return () => undefined;
    const subsegment = parent.notTraced ? parent.addNewSubsegmentWithoutSampling('DynamoDB') : parent.addNewSubsegment('DynamoDB');
    subsegment.addAttribute('namespace', 'aws');
    return ({ requestId, statusCode, retries, error }) => {
      subsegment.addAttribute('aws', { operation, region, request_id: requestId, retries, ...(tableName && { table_name: tableName }) });
      if (statusCode !== undefined) subsegment.addAttribute('http', { response: { status: statusCode } });
      if (error?.retryReason === 'throttling') subsegment.addThrottleFlag();
      if (!error) return subsegment.close();
      // No answer at all (a timeout, a refused connection) is DynamoDB's side too: a fault.
      if (statusCode === undefined || statusCode >= 500) subsegment.addFaultFlag();
      else subsegment.addErrorFlag();
      subsegment.close({ name: error.code, message: error.message, stack: error.stack ?? '' }, true);
    };
  };
}
