import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { withinRequest } from './request-context.js';
import { type RequestListener, UNMATCHED_ROUTE } from './request-record.js';

/**
 * Tells `listener` of every request once the app has its answer, errors included (Hono's error
 * handler has set the response by then). First in the chain, so latency covers every other
 * middleware. The route's template is known before anything runs, for the error handler's log line.
 * Everything after it runs in the request's own context (`request-context.ts`), where its metrics
 * and trace are kept apart from those of requests answered at the same time.
 */
export function observeRequests(listener: RequestListener, templateOf: (path: string) => string | undefined): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    withinRequest(async (context) => {
      const started = performance.now();
      const route = templateOf(c.req.path) ?? UNMATCHED_ROUTE;
      c.set('route', route);
      context.requestId = c.get('requestId');
      await next();
      listener({
        method: c.req.method,
        route,
        status: c.res.status,
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
        requestId: c.get('requestId'),
      });
    });
}
