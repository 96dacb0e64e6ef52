import type { Fields, RecordStore } from '@items-api/dynamodb-records';
import { type Context, Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { PatternRouter } from 'hono/router/pattern-router';
import type { AppEnv } from './app-env.js';
import { type AppConfig, processAppConfig } from './config/app-config.js';
import { registerDocs } from './docs/docs-routes.js';
import { handleError, handleNotFound } from './http/error-handler.js';
import { PROBLEM_SCHEMAS, ProblemError } from './http/problems.js';
import { refuseRepeatedTrailingSlash } from './http/repeated-trailing-slash.js';
import { describeService } from './http/root.js';
import { type RouteTable, routeTableOf } from './http/route-table.js';
import { authMiddleware } from './middleware/auth.js';
import { bodyLimitGuard, jsonWhenUntyped, utf8Guard } from './middleware/body-guards.js';
import { corsMiddleware } from './middleware/cors.js';
import { logger } from './observability/logger.js';
import { observeRequests } from './observability/observe-requests.js';
import { inOneWrite } from './observability/one-write.js';
import type { RequestListener } from './observability/request-record.js';
import { mountRoutes } from './openapi/mount-routes.js';
import type { DocumentSource } from './openapi/openapi-document.js';
import { HISTORY_STORE, type HistoryStores, RESOURCES, type StoresOf } from './resources/index.js';
import type { AnyResource } from './resources/resource.js';
import { noStore, resourceRoutes } from './routes/resource-routes.js';
import { historySchemas, resourceSchemas } from './routes/resource-schemas.js';
import { ruledStore } from './routes/ruled-store.js';

export interface AppOptions<R extends readonly AnyResource[] = typeof RESOURCES> {
  /** The resources it may serve: the API's own (`RESOURCES`) unless told others (a test's). */
  resources?: R;
  /**
   * A store for each resource, by its name, and, at `HISTORY_STORE`, where the history of those that
   * declare it is kept. A resource given no store is not served, nor a history without a history
   * store: the entry points give every one (`lazyStores`); a test gives those it tests.
   */
  stores: Partial<StoresOf<R>> & Partial<HistoryStores>;
  /** Makes the id of a request that brings no `X-Request-Id`; on Lambda, the invocation's id. */
  newRequestId?: (c: Context) => string;
  /** The app's settings, asked for when first needed; the environment's by default. */
  config?: () => AppConfig;
  /** Told of every request once it is answered: the Lambda entry's metrics and trace annotations. */
  onRequest?: RequestListener;
}

/**
 * The API as a Hono app, serving every resource it is given a store for: the same app behind every
 * entry point (Lambda, Node server, tests).
 * `strict: false` makes every path answer with and without a trailing slash, without redirects.
 * `PatternRouter`, not Hono's default (`SmartRouter` over `RegExpRouter` and `TrieRouter`): the app is
 * built at every cold start and serves few routes, where the default spends more building its matcher
 * on the first request than it saves afterwards (docs/performance.md).
 */
export function createApp<R extends readonly AnyResource[] = typeof RESOURCES>({
  resources,
  stores,
  newRequestId,
  config = processAppConfig,
  onRequest,
}: AppOptions<R>): Hono<AppEnv> {
  const history = stores[HISTORY_STORE];
  const storeOf = new Map<string, RecordStore<Fields>>(Object.entries(stores));
  const served = (resources ?? RESOURCES).flatMap((resource) => {
    const store = storeOf.get(resource.name);
    return store ? [{ resource, store: ruledStore(resource, store) }] : [];
  });
  const app = new Hono<AppEnv>({ strict: false, router: new PatternRouter() });
  app.use(requestId(newRequestId ? { generator: newRequestId } : {}));
  // What the app's routes take, known once they are all registered (below).
  let routes: RouteTable = { allowedMethods: () => undefined, templateOf: () => undefined };
  // One log line per request, whatever answered it; never a body or a header.
  app.use(
    observeRequests(
      // The log line and the entry point's EMF documents go out in one write (see `inOneWrite`).
      (record) =>
        inOneWrite(() => {
          logger.info('request', { ...record });
          // What the entry point records (metrics, trace annotations) never changes the answer.
          try {
            onRequest?.(record);
          } catch (error) {
            logger.warn('Recording the request failed', { requestId: record.requestId, error });
          }
        }),
      (path) => routes.templateOf(path),
    ),
  );
  app.use(refuseRepeatedTrailingSlash);
  // A path the app serves, asked with a method it does not take: 405 with `Allow` (OPTIONS is the CORS
  // middleware's, everywhere the app serves), not 404.
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        const allow = [...new Set([...methods, 'OPTIONS'])].sort().join(', ');
        return handleError(new ProblemError(405, { detail: `${c.req.path} takes ${allow}, not ${c.req.method}.` }, { allow }), c);
      },
    }),
  );
  // Preflights for paths the app serves; an OPTIONS request anywhere else is a plain 404.
  const cors = corsMiddleware(config);
  app.use((c, next) => (c.req.method === 'OPTIONS' && !routes.allowedMethods(c.req.path) ? next() : cors(c, next)));
  // Who may call comes first: an unauthenticated request is told 401 before its body is even read.
  const auth = authMiddleware(config);
  for (const { resource } of served) app.use(`/${resource.name}/*`, auth);
  // Size and encoding are checked before any handler parses a body.
  app.use(bodyLimitGuard());
  app.use(jsonWhenUntyped());
  app.use(utf8Guard());
  app.onError(handleError);
  app.get('/', describeService(served.map(({ resource }) => resource.name)));
  const documented: DocumentSource['routes'] = [];
  for (const { resource, store } of served) {
    const basePath = `/${resource.name}`;
    const routes = resourceRoutes(resource, store, history);
    app.use(`${basePath}/*`, noStore);
    mountRoutes(app, basePath, routes);
    documented.push(...routes.map(({ spec }) => ({ basePath, spec })));
  }
  registerDocs(app, {
    routes: documented,
    // The schemas of the answers are made when the document is first asked for, not at init.
    get schemas() {
      const schemas = { ...PROBLEM_SCHEMAS };
      for (const { resource } of served) {
        Object.assign(schemas, resourceSchemas(resource).named);
        if (resource.history && history) Object.assign(schemas, historySchemas(resource).named);
      }
      return schemas;
    },
  });
  routes = routeTableOf(app);
  app.notFound(handleNotFound);
  return app;
}
