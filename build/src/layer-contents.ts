import { DOCS_ASSETS } from '@items-api/function/docs-assets';
import type { FunctionId } from './artifacts.js';

/**
 * The packages the functions take from the layer, never bundle themselves, besides the docs assets
 * below. The layer is one esbuild build over the entry points of these that the functions import
 * (`build/src/bundle-layer.ts`): each such package gets a folder with its entries, and everything they
 * use, these packages or others (the DynamoDB marshaller and aws4 inside the items store), is bundled
 * into them or into chunks they share, each module once.
 */
export const LAYER_PACKAGES: readonly string[] = [
  '@items-api/dynamodb-records',
  'hono',
  'valibot',
  // Imported on the first request for /openapi.json only.
  '@valibot/to-json-schema',
  'jose',
  // Shared by the two below: bundled into the layer's chunks, no folder of its own unless a function
  // imports it.
  '@aws-lambda-powertools/commons',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
];

/**
 * The layer's own package: one entry per function (`@items-api/layer/items-function`), holding
 * everything that function imports statically from the packages above, re-exported under aliases
 * (`bundle-function.ts`, `depsAlias`). The function's bundle imports that one module at start.
 */
export const DEPS_PACKAGE = '@items-api/layer';

/** `ItemsFunction` → `@items-api/layer/items-function`. */
export function depsSpecifier(id: FunctionId): string {
  return `${DEPS_PACKAGE}/${id.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()}`;
}

/** Files read at run time through `require.resolve` (the docs pages' scripts), copied as they are. */
export function docsAssetFiles(): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const { packageName, file } of Object.values(DOCS_ASSETS)) {
    files.set(packageName, [...(files.get(packageName) ?? []), file]);
  }
  return files;
}

/** Everything the layer provides, the packages the function must never bundle itself. */
export function layerPackageNames(): string[] {
  return [...LAYER_PACKAGES, ...docsAssetFiles().keys()];
}

/** `hono/aws-lambda` → `{ name: 'hono', subpath: './aws-lambda' }`; undefined for relative paths and builtins. */
export function parseSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameParts) return undefined;
  const rest = parts.slice(nameParts).join('/');
  return { name: parts.slice(0, nameParts).join('/'), subpath: rest ? `./${rest}` : '.' };
}

/** esbuild's `external` for the packages `names`: each name and every subpath. */
export function externalsFor(names: readonly string[]): string[] {
  return names.flatMap((name) => [name, `${name}/*`]);
}
