import type { Context } from 'hono';

/**
 * The path exactly as requested. `c.req.path` drops a trailing slash when routing is not strict,
 * and relative links depend on whether the client's URL ended in one.
 */
export function requestPath(c: Context): string {
  return new URL(c.req.url).pathname;
}
