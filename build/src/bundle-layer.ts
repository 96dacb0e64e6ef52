import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Metafile, type OutputFile } from 'esbuild';
import { FUNCTION_IDS, PROJECT_ROOT } from './artifacts.js';
import { bundleFunction, externalImports } from './bundle-function.js';
import { SHARED_OPTIONS } from './esbuild-options.js';
import { docsAssetFiles, LAYER_PACKAGES, parseSpecifier } from './layer-contents.js';
import { runAsMakeTarget } from './make-target.js';
import { writeOutputFiles } from './output-files.js';
import { packageDir, readPackageJson, thirdPartyNotices } from './third-party.js';

/** Where Lambda's Node.js runtime finds a layer's packages: `/opt/nodejs/node_modules`. */
export function layerModulesDir(artifactsDir: string): string {
  return join(artifactsDir, 'nodejs', 'node_modules');
}

/**
 * The folder under `layerModulesDir` that holds the chunks every layer package shares, imported
 * relatively (`../.chunks/….mjs`). A name starting with a dot is no package: no bare specifier finds it.
 */
export const CHUNKS_DIR = '.chunks';

/** The one notices file of the bundled code, at the layer's `nodejs/`. */
export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

/** The entry points the functions import from the layer: package name → its subpaths (`.`, `./aws-lambda`, …), sorted. */
export async function layerEntryPoints(): Promise<Map<string, string[]>> {
  const wanted = new Map<string, Set<string>>();
  for (const id of FUNCTION_IDS) {
    for (const specifier of externalImports(await bundleFunction(id))) {
      const parsed = parseSpecifier(specifier);
      if (!parsed || !LAYER_PACKAGES.includes(parsed.name)) continue;
      wanted.set(parsed.name, (wanted.get(parsed.name) ?? new Set()).add(parsed.subpath));
    }
  }
  return new Map([...wanted].sort(([a], [b]) => a.localeCompare(b)).map(([name, subpaths]) => [name, [...subpaths].sort()]));
}

/** What the layer's one esbuild build makes, in memory: its files, and the metafile that names what went in. */
export interface LayerBundle {
  /** Package name → the subpaths the functions import (each an entry point). */
  entries: Map<string, string[]>;
  outputFiles: OutputFile[];
  metafile: Metafile;
  /** Where the metafile's input paths are relative to. */
  inputsBase: string;
}

/**
 * ONE esbuild build over every entry point the functions import from the layer (found by bundling
 * them), with code splitting, for `modulesDir`: each package's folder gets its entry files
 * (`hono/cors.mjs`); code that two entries share, within a package or across packages, goes to
 * chunks in `.chunks/`, imported relatively. Everything is bundled: no layer module imports a package
 * by a bare specifier, so every module is in the process once (the JSON Schema converter sees the
 * schemas the app built with the same valibot).
 */
export async function bundleLayerModules(modulesDir: string): Promise<LayerBundle> {
  const entries = await layerEntryPoints();
  // Resolved as the function resolves them, from its folder.
  const inputsBase = join(PROJECT_ROOT, 'function');
  const { outputFiles, metafile } = await build({
    ...SHARED_OPTIONS,
    absWorkingDir: inputsBase,
    entryPoints: [...entries].flatMap(([name, subpaths]) =>
      subpaths.map((subpath) => ({ in: join(name, subpath), out: join(name, entryName(subpath)) })),
    ),
    outdir: modulesDir,
    write: false,
    splitting: true,
    chunkNames: `${CHUNKS_DIR}/[hash]`,
  });
  const bare = externalImports(metafile).filter((specifier) => !isBuiltin(specifier));
  if (bare.length > 0) throw new Error(`The layer's bundle leaves packages as imports, which nothing would resolve: ${bare.join(', ')}`);
  return { entries, outputFiles, metafile, inputsBase };
}

/**
 * `make build-DependenciesLayer`: the bundle above, a `package.json` in each package's folder whose
 * `exports` map each subpath to its entry (the functions keep importing by bare specifiers, which
 * Lambda resolves from `/opt/nodejs/node_modules`), one notices file with the licence of every
 * bundled package, and the docs assets as they are.
 */
export async function bundleLayer(artifactsDir: string): Promise<void> {
  const modulesDir = layerModulesDir(artifactsDir);
  await rm(join(artifactsDir, 'nodejs'), { recursive: true, force: true });
  const { entries, outputFiles, metafile, inputsBase } = await bundleLayerModules(modulesDir);
  await writeOutputFiles(outputFiles);
  for (const [name, subpaths] of entries) await writeManifest(name, subpaths, join(modulesDir, name));
  await writeFile(join(artifactsDir, 'nodejs', NOTICES_FILE), await thirdPartyNotices(Object.keys(metafile.inputs), inputsBase));
  for (const [name, files] of docsAssetFiles()) await copyPackageFiles(name, files, join(modulesDir, name));
}

/** `.` → `index`, `./aws-lambda` → `aws-lambda`, `./utils/url` → `utils/url`. */
function entryName(subpath: string): string {
  return subpath === '.' ? 'index' : subpath.slice(2);
}

async function writeManifest(name: string, subpaths: string[], outDir: string): Promise<void> {
  const { version, license } = await readPackageJson(name);
  const manifest = {
    name,
    version,
    description: `${name}@${version}, bundled for the items-api Lambda layer (its licence: nodejs/${NOTICES_FILE}).`,
    license,
    type: 'module',
    exports: Object.fromEntries(subpaths.map((subpath) => [subpath, `./${entryName(subpath)}.mjs`])),
  };
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function copyPackageFiles(name: string, files: string[], outDir: string): Promise<void> {
  const from = await packageDir(name);
  for (const file of files) {
    await mkdir(dirname(join(outDir, file)), { recursive: true });
    await copyFile(join(from, file), join(outDir, file));
  }
  const { version, license } = await readPackageJson(name);
  // No `exports`: the app finds these files with `require.resolve('<name>/package.json')`.
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ name, version, license }, null, 2)}\n`);
  const notices = await thirdPartyNotices([join(from, 'package.json')], PROJECT_ROOT);
  if (notices) await writeFile(join(outDir, NOTICES_FILE), notices);
}

await runAsMakeTarget(import.meta.url, bundleLayer);
