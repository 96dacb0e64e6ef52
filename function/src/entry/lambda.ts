import type { Context } from 'aws-lambda';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from '../app.js';
import { readObservabilityConfig } from '../config/observability-config.js';
import { logger } from '../observability/logger.js';
import { RequestMetrics } from '../observability/request-metrics.js';
import { dynamoDbSubsegments, startTracer } from '../observability/tracing.js';
import { lazyStores } from '../resources/index.js';
import { acceptingEvents } from './lambda-event.js';

// Built once per execution environment, at init; the store connects on its first use. The tracer's
// needs are loaded only when tracing is on (see startTracer).
const observability = readObservabilityConfig();
const tracer = await startTracer(observability);
const metrics = new RequestMetrics(observability);
const app = createApp({
  stores: lazyStores({
    onConsumedCapacity: metrics.recordCapacity,
    ...(tracer && { observeCall: dynamoDbSubsegments(tracer) }),
  }),
  newRequestId: (c) => (c.env as { lambdaContext?: LambdaContext }).lambdaContext?.awsRequestId ?? crypto.randomUUID(),
  // Once the app has answered, inside the invocation: its metrics written at once (Lambda freezes
  // the environment after the handler returns), its route and status on its subsegment.
  onRequest: (record) => {
    metrics.publish(record);
    tracer?.annotate('route', record.route);
    tracer?.annotate('status', record.status);
  },
});
// Events are made ones the adapter takes, and one that cannot become a request is answered 400 here.
const handleEvent = acceptingEvents(handle(app));

/**
 * API Gateway REST (v1) and HTTP API (v2) events, function URLs and ALB: the adapter tells them apart.
 * Every log line of the invocation carries its context (request id, cold start, function name).
 */
export const handler = async (event: LambdaEvent, context: Context) => {
  logger.addContext(context);
  metrics.coldStart(context.functionName);
  const invoke = () => handleEvent(event, context);
  return tracer ? tracer.traceInvocation(observability.handler, invoke) : invoke();
};
