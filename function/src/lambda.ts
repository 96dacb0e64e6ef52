import { lazyItemStore } from '@items-api/items-store';
import type { Context } from 'aws-lambda';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.js';
import { logger } from './observability/logger.js';
import type { RequestRecord } from './observability/request-record.js';
import { RequestMetrics } from './observability/request-metrics.js';
import { startTracer, traceInvocation } from './observability/tracing.js';

// Built once per execution environment, at init; the store connects on its first use. The X-Ray SDK
// is loaded only when tracing is on (see startTracer).
const tracer = await startTracer();
const metrics = new RequestMetrics();
let answered: RequestRecord | undefined;
const app = createApp({
  store: lazyItemStore({
    onConsumedCapacity: metrics.recordCapacity,
    ...(tracer && { instrument: (client) => tracer.captureAWSv3Client(client) }),
  }),
  newRequestId: (c) => (c.env as { lambdaContext?: LambdaContext }).lambdaContext?.awsRequestId ?? crypto.randomUUID(),
  onRequest: (record) => {
    answered = record;
  },
});
const handleEvent = handle(app);

/**
 * API Gateway REST (v1) and HTTP API (v2) events, function URLs and ALB: the adapter tells them apart.
 * Every log line of the invocation carries its context (request id, cold start, function name); its
 * metrics are written once, when the app has answered, before the response is handed back (Lambda
 * freezes the environment after that).
 */
export const handler = async (event: LambdaEvent, context: Context) => {
  logger.addContext(context);
  metrics.coldStart(context.functionName);
  const invoke = () => handleEvent(withoutStage(event), context);
  try {
    return tracer ? await traceInvocation(tracer, invoke, annotationsOf) : await invoke();
  } finally {
    if (answered) metrics.publish(answered);
    answered = undefined;
  }
};

function annotationsOf(): Record<string, string | number> {
  return answered ? { route: answered.route, status: answered.status } : {};
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
