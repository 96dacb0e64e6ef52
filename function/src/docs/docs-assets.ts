import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface DocsAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

// The docs pages' scripts and styles come from their npm packages and are served by the app itself,
// so that the pages work offline and behind firewalls (no CDN). Only these files can be asked for;
// the Lambda layer's build copies exactly these files of the two packages.
export const DOCS_ASSETS: Readonly<Record<string, { packageName: string; file: string; contentType: string }>> = {
  'swagger-ui.css': { packageName: 'swagger-ui-dist', file: 'swagger-ui.css', contentType: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': {
    packageName: 'swagger-ui-dist',
    file: 'swagger-ui-bundle.js',
    contentType: 'text/javascript; charset=utf-8',
  },
  'redoc.standalone.js': {
    packageName: 'redoc',
    file: 'bundles/redoc.standalone.js',
    contentType: 'text/javascript; charset=utf-8',
  },
};

const loaded = new Map<string, Promise<DocsAsset>>();

/** Reads an asset on first request (never at start-up: most invocations never serve the docs). */
export function docsAsset(name: string): Promise<DocsAsset> | undefined {
  const asset = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
  if (!asset) return undefined;
  let pending = loaded.get(name);
  if (!pending) {
    pending = readAsset(asset.packageName, asset.file).then((body) => ({ body, contentType: asset.contentType }));
    pending.catch(() => loaded.delete(name));
    loaded.set(name, pending);
  }
  return pending;
}

async function readAsset(packageName: string, file: string): Promise<Uint8Array<ArrayBuffer>> {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve(`${packageName}/package.json`));
  return (await readFile(join(packageDir, file))) as Uint8Array<ArrayBuffer>;
}
