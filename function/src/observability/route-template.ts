import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** The route of a request that no route of the app took: 404s and 405s of any path share it. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The template of the route that answered (or would have, had a guard not refused first), written
 * as OpenAPI writes it: `/items/{id}`. Middleware is registered for every method (`ALL`), routes for
 * one, so the last route of a method is the endpoint. Never the raw path: ids would make every
 * request a metric of its own.
 */
export function routeTemplateOf(c: Context): string {
  const route = matchedRoutes(c).findLast(({ method }) => method !== 'ALL');
  if (!route) return UNMATCHED_ROUTE;
  // `:id` or `:id{[0-9]+}` → `{id}`; Hono's `strict: false` leaves no trailing slash in templates.
  return route.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}
