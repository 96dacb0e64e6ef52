import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { type RequestListener, UNMATCHED_ROUTE } from './request-record.js';

/**
 * Tells `listener` of every request once the app has its answer, errors included (Hono's error
 * handler has set the response by then). First in the chain, so latency covers every other
 * middleware. The route's template is known before anything runs, for the error handler's log line.
 */
export function observeRequests(listener: RequestListener, templateOf: (path: string) => string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const route = templateOf(c.req.path) ?? UNMATCHED_ROUTE;
    c.set('route', route);
    await next();
    listener({
      method: c.req.method,
      route,
      status: c.res.status,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      requestId: c.get('requestId'),
    });
  };
}
