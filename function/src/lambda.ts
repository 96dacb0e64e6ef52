import { lazyItemStore } from '@items-api/items-store';
import type { Context } from 'aws-lambda';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { logger } from './observability/logger.js';
import { readObservabilityConfig } from './observability/observability-config.js';
import { RequestMetrics } from './observability/request-metrics.js';
import { startTracer, traceInvocation } from './observability/tracing.js';

// Built once per execution environment, at init; the store connects on its first use. The X-Ray SDK
// is loaded only when tracing is on (see startTracer).
const observability = readObservabilityConfig();
const tracer = await startTracer(observability);
const metrics = new RequestMetrics(observability);
const app = createApp({
  store: lazyItemStore({
    onConsumedCapacity: metrics.recordCapacity,
    ...(tracer && { instrument: (client) => tracer.captureAWSv3Client(client) }),
  }),
  newRequestId: (c) => (c.env as { lambdaContext?: LambdaContext }).lambdaContext?.awsRequestId ?? crypto.randomUUID(),
  // Once the app has answered, inside the invocation: its metrics written at once (Lambda freezes
  // the environment after the handler returns), its route and status on its subsegment.
  onRequest: (record) => {
    metrics.publish(record);
    tracer?.putAnnotation('route', record.route);
    tracer?.putAnnotation('status', record.status);
  },
});
const handleEvent = handle(app);

/**
 * API Gateway REST (v1) and HTTP API (v2) events, function URLs and ALB: the adapter tells them apart.
 * Every log line of the invocation carries its context (request id, cold start, function name).
 */
export const handler = async (event: LambdaEvent, context: Context) => {
  logger.addContext(context);
  metrics.coldStart(context.functionName);
  const invoke = () => handleEvent(withoutStage(event), context);
  return tracer ? traceInvocation(tracer, observability.handler, invoke) : invoke();
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
