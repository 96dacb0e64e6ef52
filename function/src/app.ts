import { OpenAPIHono } from '@hono/zod-openapi';
import type { ItemStore } from '@items-api/items-store';
import type { Context } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './app-env.js';
import { registerDocs } from './docs/docs-routes.js';
import { handleError, handleNotFound } from './error-handler.js';
import { describeService } from './root.js';
import { itemsRoutes } from './v1/items.js';
import { validationHook } from './validation.js';

export interface AppOptions {
  store: ItemStore;
  /** Makes the id of a request that brings no `X-Request-Id`; on Lambda, the invocation's id. */
  newRequestId?: (c: Context) => string;
}

/**
 * The items API as a Hono app: the same app behind every entry point (Lambda, Node server, tests).
 * `strict: false` makes every path answer with and without a trailing slash, without redirects.
 */
export function createApp({ store, newRequestId }: AppOptions): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook() });
  app.use(requestId(newRequestId ? { generator: newRequestId } : {}));
  app.onError(handleError);
  app.notFound(handleNotFound);
  app.get('/', describeService);
  app.route('/items', itemsRoutes(store));
  registerDocs(app);
  return app;
}
