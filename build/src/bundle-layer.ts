import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build, type Metafile, type OutputFile } from 'esbuild';
import { FUNCTION_IDS, PROJECT_ROOT } from './artifacts.js';
import { bundleFunction, externalImports } from './bundle-function.js';
import { SHARED_OPTIONS } from './esbuild-options.js';
import { docsAssetFiles, externalsFor, LAYER_PACKAGES, parseSpecifier } from './layer-contents.js';
import { runAsMakeTarget } from './make-target.js';
import { writeOutputFiles } from './output-files.js';
import { packageDir, readPackageJson, thirdPartyNotices } from './third-party.js';

/** Where Lambda's Node.js runtime finds a layer's packages: `/opt/nodejs/node_modules`. */
export function layerModulesDir(artifactsDir: string): string {
  return join(artifactsDir, 'nodejs', 'node_modules');
}

interface PackageBundle {
  subpaths: string[];
  outputFiles: OutputFile[];
  metafile: Metafile;
}

/**
 * `make build-DependenciesLayer`. Each layer package is bundled with the entry points that any of the
 * functions or another layer package imports, found by bundling until no new import turns up: the
 * layer holds the union of what the functions need.
 */
export async function bundleLayer(artifactsDir: string): Promise<void> {
  const modulesDir = layerModulesDir(artifactsDir);
  await rm(join(artifactsDir, 'nodejs'), { recursive: true, force: true });

  const wanted = new Map<string, Set<string>>();
  const want = (specifiers: string[]): void => {
    for (const specifier of specifiers) {
      const parsed = parseSpecifier(specifier);
      if (!parsed || !LAYER_PACKAGES.includes(parsed.name)) continue;
      wanted.set(parsed.name, (wanted.get(parsed.name) ?? new Set()).add(parsed.subpath));
    }
  };
  for (const id of FUNCTION_IDS) want(externalImports(await bundleFunction(id)));

  const bundles = new Map<string, PackageBundle>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, subpaths] of wanted) {
      const sorted = [...subpaths].sort();
      if (bundles.get(name)?.subpaths.join() === sorted.join()) continue;
      const bundle = await bundlePackage(name, sorted, join(modulesDir, name));
      bundles.set(name, bundle);
      want(externalImports(bundle.metafile));
      changed = true;
    }
  }

  for (const [name, bundle] of bundles) await writePackage(name, bundle, join(modulesDir, name));
  for (const [name, files] of docsAssetFiles()) await copyPackageFiles(name, files, join(modulesDir, name));
}

async function bundlePackage(name: string, subpaths: string[], outDir: string): Promise<PackageBundle> {
  const { outputFiles, metafile } = await build({
    ...SHARED_OPTIONS,
    // Resolved as the function resolves them, from its folder.
    absWorkingDir: join(PROJECT_ROOT, 'function'),
    entryPoints: subpaths.map((subpath) => ({ in: join(name, subpath), out: entryName(subpath) })),
    outdir: outDir,
    write: false,
    splitting: true,
    chunkNames: 'chunks/[hash]',
    external: externalsFor(LAYER_PACKAGES, name),
  });
  return { subpaths, outputFiles, metafile };
}

/** `.` → `index`, `./aws-lambda` → `aws-lambda`, `./utils/url` → `utils/url`. */
function entryName(subpath: string): string {
  return subpath === '.' ? 'index' : subpath.slice(2);
}

async function writePackage(name: string, bundle: PackageBundle, outDir: string): Promise<void> {
  await writeOutputFiles(bundle.outputFiles);
  const source = await readPackageJson(name);
  const manifest = {
    name,
    version: source.version,
    description: `${name}@${source.version}, bundled for the items-api Lambda layer.`,
    license: source.license,
    type: 'module',
    exports: Object.fromEntries(bundle.subpaths.map((subpath) => [subpath, `./${entryName(subpath)}.mjs`])),
  };
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const notices = await thirdPartyNotices(Object.keys(bundle.metafile.inputs), join(PROJECT_ROOT, 'function'));
  if (notices) await writeFile(join(outDir, 'THIRD-PARTY-NOTICES.txt'), notices);
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
  if (notices) await writeFile(join(outDir, 'THIRD-PARTY-NOTICES.txt'), notices);
}

await runAsMakeTarget(import.meta.url, bundleLayer);
