import { access, copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type Metafile, type OutputFile, type Plugin } from 'esbuild';
import { FUNCTION_IDS, type FunctionId, PROJECT_ROOT } from './artifacts.js';
import { bundleFunction, type DepsImport, externalImports } from './bundle-function.js';
import { SHARED_OPTIONS } from './esbuild-options.js';
import { DEPS_PACKAGE, depsSpecifier, docsAssetFiles, LAYER_PACKAGES, parseSpecifier } from './layer-contents.js';
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

/** The layer's entries, found by bundling the functions. */
export interface LayerEntries {
  /** Package name → the subpaths that are entries (`@items-api/layer` → `./items-function`, …; `jose` → `.`), sorted. */
  entries: Map<string, string[]>;
  /** Each function's dependencies entry: what it imports statically from the layer's packages, under which alias. */
  deps: Map<FunctionId, DepsImport[]>;
}

/**
 * The entry points of the layer: one dependencies entry per function (`@items-api/layer/items-function`),
 * holding all it imports statically from the layer's packages, and each package subpath a function
 * imports with `import()` (`jose`, `@valibot/to-json-schema`), loaded when needed.
 */
export async function layerEntryPoints(): Promise<LayerEntries> {
  const wanted = new Map<string, Set<string>>();
  const deps = new Map<FunctionId, DepsImport[]>();
  for (const id of FUNCTION_IDS) {
    const bundle = await bundleFunction(id);
    deps.set(id, bundle.deps);
    for (const specifier of [depsSpecifier(id), ...bundle.lazy]) {
      const parsed = parseSpecifier(specifier);
      if (!parsed || ![DEPS_PACKAGE, ...LAYER_PACKAGES].includes(parsed.name)) continue;
      wanted.set(parsed.name, (wanted.get(parsed.name) ?? new Set()).add(parsed.subpath));
    }
  }
  const entries = new Map([...wanted].sort(([a], [b]) => a.localeCompare(b)).map(([name, subpaths]) => [name, [...subpaths].sort()]));
  return { entries, deps };
}

/** What the layer's one esbuild build makes, in memory: its files, and the metafile that names what went in. */
export interface LayerBundle extends LayerEntries {
  outputFiles: OutputFile[];
  metafile: Metafile;
  /** Where the metafile's input paths are relative to. */
  inputsBase: string;
}

/**
 * ONE esbuild build over the layer's entry points (above), with code splitting, for `modulesDir`:
 * each function's dependencies entry (`@items-api/layer/items-function.mjs`) re-exports what that
 * function uses of each package under its alias (`export { Hono as hono__Hono } from 'hono'`), and
 * each lazily imported package gets its entry in its folder (`jose/index.mjs`); code that two
 * entries share (what both functions use, valibot for the JSON Schema converter) goes to chunks in
 * `.chunks/`, imported relatively. Everything is bundled: no layer module imports a package by a
 * bare specifier, so every module is in the process once (the JSON Schema converter sees the schemas
 * the app built with the same valibot).
 */
export async function bundleLayerModules(modulesDir: string): Promise<LayerBundle> {
  const { entries, deps } = await layerEntryPoints();
  // Resolved as the function resolves them, from its folder.
  const inputsBase = join(PROJECT_ROOT, 'function');
  const { outputFiles, metafile } = await build({
    ...SHARED_OPTIONS,
    absWorkingDir: inputsBase,
    entryPoints: [...entries].flatMap(([name, subpaths]) =>
      subpaths.map((subpath) => ({
        in: name === DEPS_PACKAGE ? `${DEPS_ENTRY}${name}/${subpath.slice(2)}` : join(name, subpath),
        out: join(name, entryName(subpath)),
      })),
    ),
    plugins: [depsEntriesPlugin(deps, inputsBase)],
    outdir: modulesDir,
    write: false,
    splitting: true,
    chunkNames: `${CHUNKS_DIR}/[hash]`,
  });
  const bare = externalImports(metafile).filter((specifier) => !isBuiltin(specifier));
  if (bare.length > 0) throw new Error(`The layer's bundle leaves packages as imports, which nothing would resolve: ${bare.join(', ')}`);
  return { entries, deps, outputFiles, metafile, inputsBase };
}

const DEPS_ENTRY = 'layer-deps-entry:';

/** Each function's dependencies entry, made from what it imports: `export { Hono as hono__Hono } from 'hono';`, … */
function depsEntriesPlugin(deps: Map<FunctionId, DepsImport[]>, resolveDir: string): Plugin {
  const byEntry = new Map([...deps].map(([id, imports]) => [depsSpecifier(id), imports]));
  return {
    name: 'layer-dependencies-entries',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${DEPS_ENTRY}`) }, (args) => ({
        path: args.path.slice(DEPS_ENTRY.length),
        namespace: 'layer-deps-entry',
      }));
      build.onLoad({ filter: /.*/, namespace: 'layer-deps-entry' }, (args) => {
        const bySpecifier = new Map<string, DepsImport[]>();
        for (const imported of byEntry.get(args.path) ?? [])
          bySpecifier.set(imported.specifier, [...(bySpecifier.get(imported.specifier) ?? []), imported]);
        const lines = [...bySpecifier].map(
          ([specifier, names]) =>
            `export { ${names.map(({ name, alias }) => `${name} as ${alias}`).join(', ')} } from ${JSON.stringify(specifier)};`,
        );
        return { contents: `${lines.join('\n')}\n`, loader: 'js', resolveDir };
      });
    },
  };
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
  const { version, license } =
    name === DEPS_PACKAGE ? { version: '0.0.0', license: `SEE LICENSE IN ../../../${NOTICES_FILE}` } : await readPackageJson(name);
  const description =
    name === DEPS_PACKAGE
      ? `What each function imports at start from the layer's packages, one module per function (their licences: nodejs/${NOTICES_FILE}).`
      : `${name}@${version}, bundled for the items-api Lambda layer (its licence: nodejs/${NOTICES_FILE}).`;
  const manifest = {
    name,
    version,
    description,
    license,
    type: 'module',
    exports: Object.fromEntries(subpaths.map((subpath) => [subpath, `./${entryName(subpath)}.mjs`])),
  };
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * `files` of package `name`, each with its licence file when there is one beside it: webpack's
 * bundles (`redoc.standalone.js`, `swagger-ui-bundle.js`) begin with a comment, "For license
 * information please see <file>.LICENSE.txt", and that file holds the licences of the code in them.
 */
async function copyPackageFiles(name: string, files: string[], outDir: string): Promise<void> {
  const from = await packageDir(name);
  for (const file of files) {
    await mkdir(dirname(join(outDir, file)), { recursive: true });
    await copyFile(join(from, file), join(outDir, file));
    const licence = `${file}.LICENSE.txt`;
    if (await exists(join(from, licence))) await copyFile(join(from, licence), join(outDir, licence));
  }
  const { version, license } = await readPackageJson(name);
  // No `exports`: the app finds these files with `require.resolve('<name>/package.json')`.
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ name, version, license }, null, 2)}\n`);
  const notices = await thirdPartyNotices([join(from, 'package.json')], PROJECT_ROOT);
  if (notices) await writeFile(join(outDir, NOTICES_FILE), notices);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

await runAsMakeTarget(import.meta.url, bundleLayer);
