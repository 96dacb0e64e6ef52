import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { requestPath } from '../http/request-path.js';
import { type DocumentSource, openApiDocument } from '../openapi/openapi-document.js';
import { docsAsset } from './docs-assets.js';
import { redocPage, relativeRoot, swaggerUiPage } from './docs-pages.js';

export const API_INFO = {
  title: 'Items API',
  version: '1.0.0',
  description: 'Create, read, replace, delete and page through items. Errors are `application/problem+json` (RFC 9457).',
} as const;

// The pages may load and call nothing but this API. Besides keeping users behind firewalls free of
// failed requests, it stops ReDoc's sidebar from fetching its logo from Redocly's CDN. The two
// inline scripts are the pages' own; ReDoc runs its search in a worker made from a blob.
const DOCS_PAGE_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
  ].join('; '),
};

/**
 * `/openapi.json`, `/docs` (Swagger UI), `/redoc` and their assets, left out of the document itself.
 * The document is made from the routes' declarations on its first request, not at start-up.
 */
export function registerDocs(app: Hono<AppEnv>, source: Pick<DocumentSource, 'routes' | 'schemas'>): void {
  let document: Promise<Record<string, unknown>> | undefined;
  app.get('/openapi.json', async (c) => {
    document ??= openApiDocument({
      info: API_INFO,
      // Relative to this document (OpenAPI 3.1 §4.8.5), so it names whichever stage served it.
      servers: [{ url: '.', description: 'This deployment' }],
      ...source,
    });
    document.catch(() => (document = undefined));
    return c.json(await document);
  });
  app.get('/docs', (c) => c.html(swaggerUiPage(relativeRoot(requestPath(c))), 200, DOCS_PAGE_HEADERS));
  app.get('/redoc', (c) => c.html(redocPage(relativeRoot(requestPath(c))), 200, DOCS_PAGE_HEADERS));
  app.get('/docs/assets/:name', async (c) => {
    const asset = await docsAsset(c.req.param('name'));
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, {
      'content-type': asset.contentType,
      'cache-control': 'public, max-age=86400',
    });
  });
}
