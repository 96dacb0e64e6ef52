import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type Metafile, type OutputFile } from 'esbuild';
import { HANDLER_FILE, PROJECT_ROOT } from './artifacts.js';
import { SHARED_OPTIONS } from './esbuild-options.js';
import { externalsFor, layerPackageNames } from './layer-contents.js';
import { runAsMakeTarget } from './make-target.js';

const ENTRY = join(PROJECT_ROOT, 'function/src/lambda.ts');

/**
 * The function's own code as one minified ES module (`index.mjs`, the template's `index.handler`)
 * with a source map. Every package the layer holds stays an import, resolved from `/opt` on Lambda.
 * With `outDir` undefined nothing is written: the layer's build uses that to learn what the
 * function imports.
 */
export async function bundleFunction(outDir?: string): Promise<Metafile> {
  const outdir = outDir ?? join(PROJECT_ROOT, '.build/unused');
  const { metafile, outputFiles } = await build({
    ...SHARED_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [{ in: ENTRY, out: HANDLER_FILE.replace(/\.mjs$/, '') }],
    outdir,
    write: false,
    // Names and line numbers in stack traces; the sources themselves are in the repository.
    sourcemap: 'linked',
    sourcesContent: false,
    external: externalsFor(layerPackageNames()),
  });
  const vendored = Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/'));
  if (vendored.length > 0) {
    throw new Error(
      `The function bundle would carry third-party code the layer should hold; add its package to ` +
        `LAYER_PACKAGES in build/src/layer-contents.ts:\n  ${vendored.slice(0, 10).join('\n  ')}`,
    );
  }
  if (outDir) {
    await rm(outDir, { recursive: true, force: true });
    for (const file of outputFiles) {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, file.path.endsWith('.map') ? projectRelativeMap(file) : file.contents);
    }
  }
  return metafile;
}

/**
 * esbuild writes sources relative to the output folder, which differs between `sam build` and
 * `npm run build` and names the build machine's folders. Relative to the project root instead
 * (`function/src/app.ts`), the map, and so the zip, is the same wherever it was built.
 */
function projectRelativeMap(file: OutputFile): string {
  const map = JSON.parse(file.text) as { sources: string[] };
  map.sources = map.sources.map((source) => relative(PROJECT_ROOT, resolve(dirname(file.path), source)));
  return JSON.stringify(map);
}

/** The bare specifiers a bundle leaves as imports (layer packages and Node builtins). */
export function externalImports(metafile: Metafile): string[] {
  const specifiers = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) specifiers.add(imported.path);
  }
  return [...specifiers].sort();
}

await runAsMakeTarget(import.meta.url, bundleFunction);
