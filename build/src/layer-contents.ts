import { DOCS_ASSETS } from '@items-api/function/docs-assets';

/**
 * The packages the layer holds, besides the docs assets below. Each is pre-bundled: one minified ESM
 * file per entry point something imports, shared code in chunks, its own dependencies inlined (the
 * DynamoDB marshaller and aws4 inside the items store). A dependency that is a layer package itself
 * stays an import, so that each is in the process once: the JSON Schema converter must see the
 * schemas the app built with the same valibot.
 */
export const LAYER_PACKAGES: readonly string[] = [
  '@items-api/dynamodb-records',
  'hono',
  'valibot',
  // Imported on the first request for /openapi.json only.
  '@valibot/to-json-schema',
  'jose',
  // Shared by the two below. (`@aws/lambda-invoke-store`, which they use too, is bundled into each
  // that needs it: it keeps its one instance on `globalThis`, and its CommonJS entry would lose its
  // named exports as a package of its own.)
  '@aws-lambda-powertools/commons',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
];

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

/** esbuild's `external` for all layer packages but `except`: the name and every subpath. */
export function externalsFor(names: readonly string[], except?: string): string[] {
  return names.filter((name) => name !== except).flatMap((name) => [name, `${name}/*`]);
}
