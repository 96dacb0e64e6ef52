import { defaultItemStore } from '@items-api/items-store';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.js';

// Built once per execution environment, at init; the store connects on its first use.
const app = createApp({
  store: defaultItemStore,
  newRequestId: (c) => (c.env as { lambdaContext?: LambdaContext }).lambdaContext?.awsRequestId ?? crypto.randomUUID(),
});
const handleEvent = handle(app);

/** API Gateway REST (v1) and HTTP API (v2) events, function URLs and ALB: the adapter tells them apart. */
export const handler = (event: LambdaEvent, context: LambdaContext) => handleEvent(withoutStage(event), context);

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
