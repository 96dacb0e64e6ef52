import type { BuildOptions } from 'esbuild';

/**
 * What every bundle of the project shares. ESM for the `nodejs24.x` runtime, runnable on Node 20 too
 * (the local machines). Workspace packages are bundled from their TypeScript sources (`source`);
 * `module` before `main` picks the AWS SDK's ES module builds, which tree-shake.
 */
export const SHARED_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  conditions: ['source'],
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
  // Some of the AWS SDK's dependencies are CommonJS and `require` Node's modules; in an ES module
  // bundle that needs a real `require`, or loading fails with "Dynamic require of … is not supported".
  banner: { js: 'import{createRequire as __createRequire}from"node:module";const require=__createRequire(import.meta.url);' },
} as const satisfies BuildOptions;
