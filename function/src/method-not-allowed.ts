import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import { problem, sendProblem } from './problems.js';

/**
 * The methods each documented path takes, from the app's own OpenAPI registry, so that a known path
 * asked with another method is told 405 and `Allow` rather than 404. Paths outside the document
 * (the docs pages, `/`) take GET.
 */
export function allowedMethodsOf(app: OpenAPIHono<AppEnv>): (path: string) => string[] | undefined {
  const routes = app.openAPIRegistry.definitions.flatMap((definition) =>
    definition.type === 'route' ? [{ method: definition.route.method.toUpperCase(), path: definition.route.path }] : [],
  );
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const { method, path } of routes) {
    const entry = patterns.get(path) ?? { pattern: templatePattern(path), methods: new Set<string>() };
    entry.methods.add(method);
    patterns.set(path, entry);
  }
  return (path) => {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    const methods = new Set<string>();
    for (const { pattern, methods: taken } of patterns.values()) if (pattern.test(trimmed)) taken.forEach((m) => methods.add(m));
    if (methods.size === 0) return undefined;
    // Hono answers HEAD wherever it answers GET; OPTIONS is CORS's.
    if (methods.has('GET')) methods.add('HEAD');
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

function templatePattern(path: string): RegExp {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${source}$`);
}
