import type { MiddlewareHandler } from 'hono';
import type { RequestListener } from './request-record.js';
import { routeTemplateOf } from './route-template.js';

/**
 * Tells `listener` of every request once the app has its answer, errors included (Hono's error
 * handler has set the response by then). First in the chain, so latency covers every other middleware.
 */
export function observeRequests(listener: RequestListener): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    listener({
      method: c.req.method,
      route: routeTemplateOf(c),
      status: c.res.status,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      requestId: c.get('requestId') as string | undefined,
    });
  };
}
