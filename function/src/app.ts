import type { ItemStore } from '@items-api/items-store';
import { Hono, type Context } from 'hono';
import { requestId } from 'hono/request-id';
import { processAppConfig, type AppConfig } from './app-config.js';
import type { AppEnv } from './app-env.js';
import { authMiddleware } from './auth.js';
import { bodyLimitGuard, jsonWhenUntyped, utf8Guard } from './body-guards.js';
import { corsMiddleware } from './cors.js';
import { registerDocs } from './docs/docs-routes.js';
import { handleError, handleNotFound } from './error-handler.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { logger } from './observability/logger.js';
import { observeRequests } from './observability/observe-requests.js';
import type { RequestListener } from './observability/request-record.js';
import { describeService } from './root.js';
import { routeTableOf, type RouteTable } from './route-table.js';
import { ITEM_SCHEMAS } from './v1/item-schemas.js';
import { itemsRoutes, noStore } from './v1/items.js';
import { mountRoutes } from './openapi/mount-routes.js';
import { PROBLEM_SCHEMAS } from './problems.js';

export interface AppOptions {
  store: ItemStore;
  /** Makes the id of a request that brings no `X-Request-Id`; on Lambda, the invocation's id. */
  newRequestId?: (c: Context) => string;
  /** The app's settings, asked for when first needed; the environment's by default. */
  config?: () => AppConfig;
  /** Told of every request once it is answered: the Lambda entry's metrics and trace annotations. */
  onRequest?: RequestListener;
}

/**
 * The items API as a Hono app: the same app behind every entry point (Lambda, Node server, tests).
 * `strict: false` makes every path answer with and without a trailing slash, without redirects.
 */
export function createApp({ store, newRequestId, config = processAppConfig, onRequest }: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.use(requestId(newRequestId ? { generator: newRequestId } : {}));
  // What the app's routes take, known once they are all registered (below).
  let routes: RouteTable = { allowedMethods: () => undefined, templateOf: () => undefined };
  // One log line per request, whatever answered it; never a body or a header.
  app.use(
    observeRequests(
      (record) => {
        logger.info('request', { ...record });
        // What the entry point records (metrics, trace annotations) never changes the answer.
        try {
          onRequest?.(record);
        } catch (error) {
          logger.warn('Recording the request failed', { requestId: record.requestId, error });
        }
      },
      (path) => routes.templateOf(path),
    ),
  );
  // Preflights for paths the app serves; an OPTIONS request anywhere else is a plain 404.
  const cors = corsMiddleware(config);
  app.use((c, next) => (c.req.method === 'OPTIONS' && !routes.allowedMethods(c.req.path) ? next() : cors(c, next)));
  // Who may call comes first: an unauthenticated request is told 401 before its body is even read.
  app.use('/items/*', authMiddleware(config));
  // Size and encoding are checked before any handler parses a body.
  app.use(bodyLimitGuard());
  app.use(jsonWhenUntyped());
  app.use(utf8Guard());
  app.onError(handleError);
  app.get('/', describeService);
  app.use('/items/*', noStore);
  const items = itemsRoutes(store);
  mountRoutes(app, '/items', items);
  registerDocs(app, {
    routes: items.map(({ spec }) => ({ basePath: '/items', spec })),
    schemas: { ...ITEM_SCHEMAS, ...PROBLEM_SCHEMAS },
  });
  routes = routeTableOf(app);
  app.notFound((c) => methodNotAllowed(c, routes.allowedMethods(c.req.path)) ?? handleNotFound(c));
  return app;
}
