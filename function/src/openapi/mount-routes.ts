import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { validInput } from './request-input.js';
import type { Route } from './route-spec.js';

/** Registers routes under `basePath`, each handler given its request validated as declared. */
export function mountRoutes(app: Hono<AppEnv>, basePath: string, routes: Route[]): void {
  for (const { spec, handle } of routes) {
    app.on(spec.method.toUpperCase(), honoPath(basePath, spec.path), async (c) => handle(c, await validInput(c, spec.request)));
  }
}

/** `/items` + `/{id}` → `/items/:id`; `/items` + `/` → `/items`. */
export function honoPath(basePath: string, path: string): string {
  return `${basePath}${path === '/' ? '' : path}`.replace(/\{([^}]+)\}/g, ':$1');
}
