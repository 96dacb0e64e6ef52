import { RESOURCES } from '@items-api/function/resources';
import { describe, expect, it } from 'vitest';
import { apiUrl, call } from './api.js';

interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

/** The script and stylesheet URLs a page loads, resolved as a browser would. */
function assetUrls(html: string, pageUrl: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1]!, pageUrl).href);
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 describing every operation of every resource and the shared schemas', async () => {
    const response = await call('openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(
      RESOURCES.flatMap(({ name, history }) => [`/${name}`, `/${name}/{id}`, ...(history ? [`/${name}/{id}/history`] : [])]).sort(),
    );
    expect(Object.keys(document.paths['/items']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths['/items/{id}']!).sort()).toEqual(['delete', 'get', 'put']);
    expect(Object.keys(document.paths['/items/{id}/history']!)).toEqual(['get']);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Item', 'ItemInput', 'ItemEnvelope', 'ItemBody', 'ItemHistoryEntry', 'Problem']),
    );
    const byId = document.paths['/items/{id}'] as Record<
      string,
      { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }
    >;
    expect(Object.keys(byId.put!.responses)).toContain('412');
    expect(Object.keys(byId.delete!.responses)).toContain('412');
    expect(Object.keys(byId.get!.responses)).toContain('304');
    expect(byId.put!.parameters).toContainEqual(expect.objectContaining({ name: 'if-match', in: 'header' }));
    // Relative, so it names whichever stage or host served it.
    expect(document.servers).toEqual([{ url: '.', description: 'This deployment' }]);
  });

  it('documents the constraints that validation enforces', async () => {
    const document = (await (await call('openapi.json')).json()) as OpenApiDocument;
    expect(document.components.schemas.ItemInput).toMatchObject({
      required: ['name', 'price'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200 },
        price: { type: 'integer', minimum: 0 },
        description: { type: 'string', maxLength: 2000, default: '' },
      },
    });
  });
});

describe.each([
  ['docs', 'swagger-ui-bundle.js'],
  ['redoc', 'redoc.standalone.js'],
])('/%s', (page, script) => {
  it.each(['', '/'])('serves its page and every asset it loads from this server (suffix %j)', async (suffix) => {
    const pageUrl = new URL(`${page}${suffix}`, apiUrl).href;
    const response = await fetch(pageUrl, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    // The browser may fetch nothing from elsewhere (ReDoc would load its logo from a CDN).
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*img-src 'self' data:/);
    const html = await response.text();
    const urls = assetUrls(html, pageUrl);
    expect(urls.some((url) => url.endsWith(script))).toBe(true);
    for (const url of urls) {
      // No CDN: every asset comes from the API itself, under its root.
      expect(url.startsWith(apiUrl)).toBe(true);
      const asset = await fetch(url);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/^text\/(css|javascript)/);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
    // The page finds the document by a relative URL that leads back to this API's root.
    const specPath = /fetch\(new URL\("([^"]+)"/.exec(html)?.[1];
    expect(specPath).toBeDefined();
    expect(new URL(specPath!, pageUrl).href).toBe(new URL('openapi.json', apiUrl).href);
  });
});

it('serves only the known docs assets', async () => {
  expect((await call('docs/assets/package.json')).status).toBe(404);
  expect((await call('docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
});
