import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { FUNCTION_ENTRIES, type FunctionId, HANDLER_FILE, isFunctionId, PROJECT_ROOT } from './artifacts.js';
import { SHARED_OPTIONS } from './esbuild-options.js';
import { DEPS_PACKAGE, depsSpecifier, externalsFor, LAYER_PACKAGES, layerPackageNames } from './layer-contents.js';
import { runAsMakeTarget } from './make-target.js';
import { writeOutputFiles } from './output-files.js';

/** One name a function imports statically from a layer package, and its alias in the function's dependencies entry. */
export interface DepsImport {
  /** `hono/cors` */
  specifier: string;
  /** `cors` */
  name: string;
  /** `hono_cors__cors` */
  alias: string;
}

export interface FunctionBundle {
  metafile: Metafile;
  /** What the bundle imports from its dependencies entry (`depsSpecifier(id)`), sorted by alias. */
  deps: DepsImport[];
  /** The layer specifiers the function imports with `import()`, loaded when needed (`jose`): each its own layer entry. */
  lazy: string[];
}

/**
 * A function's own code (`id`'s entry) as one minified ES module (`index.mjs`, the template's
 * `index.handler`) with a source map. What it imports statically from the layer's packages comes from
 * ONE module, its dependencies entry in the layer (`@items-api/layer/items-function`): each `import
 * … from 'hono'` is rewritten to the aliases that entry exports. Dynamic `import()`s of layer packages
 * stay imports of the packages, loaded when needed. With `outDir` undefined nothing is written: the
 * layer's build uses that to learn what the function imports.
 */
export async function bundleFunction(id: FunctionId, outDir?: string): Promise<FunctionBundle> {
  return bundleEntry({ name: id, entry: FUNCTION_ENTRIES[id], deps: depsSpecifier(id) }, outDir);
}

/** What `bundleEntry` bundles: a function's entry module, or a test's. */
export interface FunctionEntry {
  /** For messages: `ItemsFunction`. */
  name: string;
  /** The entry module, relative to the project root: `function/src/entry/lambda.ts`. */
  entry: string;
  /** Its dependencies entry: `@items-api/layer/items-function`. */
  deps: string;
}

/**
 * `bundleFunction` for any entry module (the build's tests bundle entries of their own). `narrowUsed`
 * lets a test drop names the function does use, as if the build of stubs had missed them.
 */
export async function bundleEntry(
  { name: id, entry, deps }: FunctionEntry,
  outDir?: string,
  narrowUsed: (used: Map<string, string[]>) => Map<string, string[]> = (used) => used,
): Promise<FunctionBundle> {
  const { statics, lazy } = await layerImports(id, entry);
  const exported = await exportNames(statics);
  const used = narrowUsed(await usedNames(entry, exported));
  for (const [specifier, names] of used) {
    // Its real build would drop the import: the package would never be evaluated.
    if (names.length === 0)
      throw new Error(
        `${id}: a side-effect-only import of ${specifier} is not supported by the dependencies entry; import a name from it ` +
          '(or, if the names it imports are all unused, remove the import)',
      );
  }
  const { metafile, outputFiles } = await build({
    ...functionOptions(entry, outDir),
    plugins: [layerPackagesPlugin((specifier, names) => reexports(deps, specifier, names, used.get(specifier)!), exported)],
    external: externalsFor([...layerPackageNames(), DEPS_PACKAGE]),
  });
  const byAlias = aliasTable(used);
  const aliases = new Set<string>();
  const unusedUsed = new Set<string>();
  for (const file of outputFiles) {
    if (!file.path.endsWith('.mjs')) continue;
    for (const alias of importedNames(file.text, deps)) aliases.add(alias);
    for (const [marker] of file.text.matchAll(new RegExp(`${UNUSED_MARKER}[^"'\`]*`, 'g'))) unusedUsed.add(marker);
  }
  if (unusedUsed.size > 0) {
    throw new Error(
      `${id}'s bundle uses names of the layer's packages that the build of stubs found unused, so they are not in ` +
        `its dependencies entry: ${[...unusedUsed].sort().join(', ')}`,
    );
  }
  const imports = [...aliases].sort().map((alias) => {
    const found = byAlias.get(alias);
    if (!found) throw new Error(`${id}'s bundle imports ${alias} from ${deps}, which no layer package exports`);
    return { ...found, alias };
  });
  if (outDir) {
    await rm(outDir, { recursive: true, force: true });
    await writeOutputFiles(outputFiles);
  }
  return { metafile, deps: imports, lazy };
}

function functionOptions(entry: string, outDir: string | undefined) {
  return {
    ...SHARED_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [{ in: join(PROJECT_ROOT, entry), out: HANDLER_FILE.replace(/\.mjs$/, '') }],
    outdir: outDir ?? join(PROJECT_ROOT, '.build/unused'),
    write: false as const,
    // Names and line numbers in stack traces; the sources themselves are in the repository.
    sourcemap: 'linked' as const,
    sourcesContent: false,
  } satisfies BuildOptions;
}

/**
 * What `entry` (`id`'s) imports from the layer's packages, by a build that leaves every one of them an
 * import: the specifiers imported statically (`hono/cors`), and those imported with `import()`,
 * whether or not also statically: the function's bundle leaves each `import()` an import of the
 * package (only static imports go through the dependencies entry), so each needs its own layer entry.
 */
async function layerImports(id: string, entry: string): Promise<{ statics: string[]; lazy: string[] }> {
  const { metafile } = await build({ ...functionOptions(entry, undefined), sourcemap: false, external: externalsFor(layerPackageNames()) });
  const vendored = Object.keys(metafile.inputs).filter((path) => path.includes('node_modules/'));
  if (vendored.length > 0) {
    throw new Error(
      `${id}'s bundle would carry third-party code the layer should hold; add its package to ` +
        `LAYER_PACKAGES in build/src/layer-contents.ts:\n  ${vendored.slice(0, 10).join('\n  ')}`,
    );
  }
  const statics = staticImports(metafile).filter((specifier) => !isBuiltin(specifier));
  const lazy = dynamicImports(metafile).filter((specifier) => !isBuiltin(specifier));
  return { statics, lazy };
}

/** Each specifier's export names, as esbuild bundles it (for the layer: same options, same resolution). */
async function exportNames(specifiers: string[]): Promise<Map<string, string[]>> {
  if (specifiers.length === 0) return new Map();
  const { metafile } = await build({
    ...SHARED_OPTIONS,
    minify: false,
    banner: {},
    absWorkingDir: join(PROJECT_ROOT, 'function'),
    entryPoints: specifiers.map((specifier, i) => ({ in: specifier, out: `entry${i}` })),
    outdir: join(PROJECT_ROOT, '.build/unused'),
    write: false,
  });
  const names = new Map<string, string[]>();
  for (const [path, output] of Object.entries(metafile.outputs)) {
    const index = /\/entry(\d+)\.mjs$/.exec(path)?.[1];
    if (index !== undefined) names.set(specifiers[Number(index)]!, [...output.exports].sort());
  }
  return names;
}

/** The name under which the dependencies entry exports `name` of `specifier`: `hono/cors`, `cors` → `hono_cors__cors`. */
export function depsAlias(specifier: string, name: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${specifier} exports ${JSON.stringify(name)}, which is no identifier`);
  return `${specifier.replace(/^@/, '').replace(/[^A-Za-z0-9]/g, '_')}__${name}`;
}

/** Each alias of `used`'s names, and what it names; fails if two names get one alias (`a/b` and `a-b`, `@a/b` and `a/b`). */
export function aliasTable(used: Map<string, string[]>): Map<string, { specifier: string; name: string }> {
  const byAlias = new Map<string, { specifier: string; name: string }>();
  for (const [specifier, names] of used) {
    for (const name of names) {
      const alias = depsAlias(specifier, name);
      const taken = byAlias.get(alias);
      if (taken)
        throw new Error(`${taken.name} of ${taken.specifier} and ${name} of ${specifier} would both be ${alias} in the dependencies entry`);
      byAlias.set(alias, { specifier, name });
    }
  }
  return byAlias;
}

/**
 * The names of each specifier (all its exports in `exported`) that `entry` uses: a build where each layer
 * package is a module of pure stubs, one per export; tree-shaking keeps the stubs the function uses,
 * whether through named imports or `import * as v from 'valibot'` (a namespace used as an object
 * keeps them all).
 */
async function usedNames(entry: string, exported: Map<string, string[]>): Promise<Map<string, string[]>> {
  const stub = (specifier: string, name: string): string => JSON.stringify(`layer-stub:${specifier}:${name}`);
  const { outputFiles } = await build({
    ...functionOptions(entry, undefined),
    sourcemap: false,
    minify: false,
    plugins: [
      layerPackagesPlugin(
        // `export { _0 as enum }`: some export names are reserved words.
        (specifier, names) =>
          names
            .map((name, i) => `const _${i} = /* @__PURE__ */ Symbol.for(${stub(specifier, name)});\nexport { _${i} as ${name} };`)
            .join('\n'),
        exported,
      ),
    ],
    external: externalsFor(layerPackageNames()),
  });
  const code = outputFiles.map((file) => file.text).join('\n');
  return new Map([...exported].map(([specifier, names]) => [specifier, names.filter((name) => code.includes(stub(specifier, name)))]));
}

/** What each name the build of stubs found unused is bound to, `layer-unused:hono:Hono`: found in a bundle, it was used after all. */
const UNUSED_MARKER = 'layer-unused:';

/**
 * `export { hono__Hono as Hono } from '@items-api/layer/items-function';` for the names in `used`;
 * the others, imported by some module but tree-shaken away (as the build of stubs showed), are pure
 * markers (`Symbol.for("layer-unused:hono:Hono")`) so that their imports still bind, and the build
 * fails if one is still in the bundle: its tree-shaking kept a name the build of stubs had dropped.
 */
function reexports(deps: string, specifier: string, exported: string[], used: string[]): string {
  const clause = used.map((name) => `${depsAlias(specifier, name)} as ${name}`);
  const unused = exported.filter((name) => !used.includes(name));
  return [
    ...(used.length > 0 ? [`export { ${clause.join(', ')} } from ${JSON.stringify(deps)};`] : []),
    ...unused.map(
      (name, i) =>
        `const _${i} = /* @__PURE__ */ Symbol.for(${JSON.stringify(`${UNUSED_MARKER}${specifier}:${name}`)});\nexport { _${i} as ${name} };`,
    ),
  ].join('\n');
}

/**
 * Resolves each static import of a layer package (`exported`'s keys) to a module of `contents`. Its
 * dynamic `import()`s stay imports of the package.
 */
function layerPackagesPlugin(contents: (specifier: string, names: string[]) => string, exported: Map<string, string[]>): Plugin {
  const names = LAYER_PACKAGES.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  return {
    name: 'layer-packages',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(?:${names})(?:/.*)?$`) }, (args) => {
        if (args.kind !== 'import-statement') return undefined;
        if (!exported.has(args.path)) throw new Error(`${args.path} is imported statically but was not found as such`);
        return { path: args.path, namespace: 'layer' };
      });
      build.onLoad({ filter: /.*/, namespace: 'layer' }, (args) => ({
        contents: contents(args.path, exported.get(args.path)!),
        loader: 'js',
      }));
    },
  };
}

/** The names a module imports from `specifier` (`import{a as b,c}from"specifier"`); a namespace import fails. */
function importedNames(code: string, specifier: string): string[] {
  const quoted = JSON.stringify(specifier).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const names: string[] = [];
  for (const [statement, clause] of code.matchAll(new RegExp(`import\\s*([^;"]*?)\\s*from\\s*${quoted}`, 'g'))) {
    const braces = /^\{([^}]*)\}$/.exec(clause!.trim());
    if (!braces) throw new Error(`Unexpected import of ${specifier}: ${statement}`);
    for (const item of braces[1]!.split(',')) if (item.trim()) names.push(item.trim().split(/\s+as\s+/)[0]!);
  }
  return names;
}

/** The bare specifiers a bundle imports statically: what must resolve for its module to load at all. */
export function staticImports(metafile: Metafile): string[] {
  const specifiers = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && imported.kind === 'import-statement') specifiers.add(imported.path);
  }
  return [...specifiers].sort();
}

/** The bare specifiers a bundle imports with `import()`: loaded when needed. */
function dynamicImports(metafile: Metafile): string[] {
  const specifiers = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external && imported.kind === 'dynamic-import') specifiers.add(imported.path);
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
