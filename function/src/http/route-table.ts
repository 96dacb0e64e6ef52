import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';

/** What the app's own routes say of a path, whatever the method it is asked with. */
export interface RouteTable {
  /** The methods the path takes (HEAD wherever GET, OPTIONS everywhere), or undefined for a path no route takes. */
  allowedMethods(path: string): string[] | undefined;
  /** The route's template as OpenAPI writes it (`/items/{id}`), or undefined for a path no route takes. */
  templateOf(path: string): string | undefined;
}

/**
 * Read from the app's routes (every resource's, `/`, the docs pages) once they are all registered, so
 * that CORS answers preflights only for paths the app serves, and so that logs and metrics name a
 * request by its route even when no handler ran (a preflight, a 405).
 */
export function routeTableOf(app: Hono<AppEnv>): RouteTable {
  const routes = new Map<string, { pattern: RegExp; template: string; methods: Set<string> }>();
  for (const { method, path } of app.routes) {
    // Middleware is registered for every method; it takes nothing by itself.
    if (method === 'ALL') continue;
    const route = routes.get(path) ?? { pattern: routePattern(path), template: openApiTemplate(path), methods: new Set<string>() };
    route.methods.add(method);
    routes.set(path, route);
  }
  const matching = (path: string) => {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return [...routes.values()].filter(({ pattern }) => pattern.test(trimmed));
  };
  return {
    allowedMethods: (path) => {
      const methods = new Set(matching(path).flatMap((route) => [...route.methods]));
      if (methods.size === 0) return undefined;
      // Hono answers HEAD wherever it answers GET, and the CORS middleware answers OPTIONS.
      if (methods.has('GET')) methods.add('HEAD');
      methods.add('OPTIONS');
      return [...methods].sort();
    },
    templateOf: (path) => matching(path)[0]?.template,
  };
}

/** `/items/:id` → `^/items/[^/]+$`. */
function routePattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source || '/'}$`);
}

/** `/items/:id` → `/items/{id}`. */
function openApiTemplate(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}
