import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import { problem, sendProblem } from './problems.js';

/**
 * The methods each path of the app takes, read from its routes (the items API, `/`, the docs pages),
 * so that a known path asked with another method is told 405 and `Allow` rather than 404.
 */
export function allowedMethodsOf(app: OpenAPIHono<AppEnv>): (path: string) => string[] | undefined {
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const { method, path } of app.routes) {
    // Middleware is registered for every method; it takes nothing by itself.
    if (method === 'ALL') continue;
    const entry = patterns.get(path) ?? { pattern: routePattern(path), methods: new Set<string>() };
    entry.methods.add(method);
    patterns.set(path, entry);
  }
  return (path) => {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const methods = new Set<string>();
    for (const { pattern, methods: taken } of patterns.values()) if (pattern.test(trimmed)) taken.forEach((m) => methods.add(m));
    if (methods.size === 0) return undefined;
    // Hono answers HEAD wherever it answers GET, and the CORS middleware answers OPTIONS.
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return [...methods].sort();
  };
}

/** A 405 with `Allow`, or undefined when the path is unknown whatever the method. */
export function methodNotAllowed(c: Context, allowed: string[] | undefined): Response | undefined {
  if (!allowed || allowed.includes(c.req.method)) return undefined;
  return sendProblem(
    c,
    problem(405, {
      detail: `${c.req.path} takes ${allowed.join(', ')}, not ${c.req.method}.`,
      requestId: c.get('requestId') as string | undefined,
    }),
    { allow: allowed.join(', ') },
  );
}

/** `/items/:id` → `^/items/[^/]+$`. */
function routePattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source || '/'}$`);
}
