import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';

/**
 * 404 for a path that still ends in `/` once `strict: false` has dropped one (`/items//`). The app
 * routes with PatternRouter (the cheapest to build at a cold start: docs/performance.md), which lets
 * every route end in an optional `/` of its own on top of that: `POST /items//` would create an item
 * whose `Location` (relative to `/items//`) names no route. Hono's default router answered 404.
 */
export const refuseRepeatedTrailingSlash: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.path.length > 1 && c.req.path.endsWith('/')) return c.notFound();
  await next();
};
