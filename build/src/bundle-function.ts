import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionId, HANDLER_FILE, isFunctionId, PROJECT_ROOT } from './artifacts.js';
import { SHARED_OPTIONS } from './esbuild-options.js';
import { externalsFor, layerPackageNames } from './layer-contents.js';
import { runAsMakeTarget } from './make-target.js';
import { writeOutputFiles } from './output-files.js';

/**
 * A function's own code (`id`'s entry) as one minified ES module (`index.mjs`, the template's
 * `index.handler`) with a source map. Every package the layer holds stays an import, resolved from
 * `/opt` on Lambda. With `outDir` undefined nothing is written: the layer's build uses that to learn
 * what the function imports.
 */
export async function bundleFunction(id: FunctionId, outDir?: string): Promise<Metafile> {
  const outdir = outDir ?? join(PROJECT_ROOT, '.build/unused');
  const { metafile, outputFiles } = await build({
    ...SHARED_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [{ in: join(PROJECT_ROOT, FUNCTION_ENTRIES[id]), out: HANDLER_FILE.replace(/\.mjs$/, '') }],
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
      `${id}'s bundle would carry third-party code the layer should hold; add its package to ` +
        `LAYER_PACKAGES in build/src/layer-contents.ts:\n  ${vendored.slice(0, 10).join('\n  ')}`,
    );
  }
  if (outDir) {
    await rm(outDir, { recursive: true, force: true });
    await writeOutputFiles(outputFiles);
  }
  return metafile;
}

/** The bare specifiers a bundle imports statically: what must resolve for its module to load at all. */
export function staticImports(metafile: Metafile): string[] {
  const specifiers = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && imported.kind === 'import-statement') specifiers.add(imported.path);
  }
  return [...specifiers].sort();
}

/** The bare specifiers a bundle leaves as imports (layer packages and Node builtins). */
export function externalImports(metafile: Metafile): string[] {
  const specifiers = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) specifiers.add(imported.path);
  }
  return [...specifiers].sort();
}

/** `make build-<FunctionId>`: `bundle-function.ts <FunctionId> ARTIFACTS_DIR`. */
await runAsMakeTarget(
  import.meta.url,
  async (artifactsDir, id = '') => {
    if (!isFunctionId(id))
      throw new Error(`No function ${JSON.stringify(id)} to build: one of ${Object.keys(FUNCTION_ENTRIES).join(', ')}.`);
    await bundleFunction(id, artifactsDir);
  },
  ['FUNCTION_ID'],
);
