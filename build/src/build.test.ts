import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join, posix } from 'node:path';
import { buildIntoTemp } from '@items-api/test-support/lambda-runner';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ArtifactId,
  artifactsDir,
  FUNCTION_ID,
  FUNCTION_IDS,
  HANDLER_FILE,
  HISTORY_FUNCTION_ID,
  LAYER_ID,
  PROJECT_ROOT,
  zipFile,
} from './artifacts.js';
import type { BuiltArtifact } from './build.js';
import { bundleFunction, externalImports, staticImports } from './bundle-function.js';
import { bundleLayerModules, CHUNKS_DIR, type LayerBundle, layerModulesDir, NOTICES_FILE } from './bundle-layer.js';
import { DEPS_PACKAGE, depsSpecifier, docsAssetFiles, LAYER_PACKAGES, parseSpecifier } from './layer-contents.js';
import { bundledPackages } from './third-party.js';
import { zipDirectory } from './zip.js';

// Issue budgets: what a deploy uploads stays small (function ≤ 50 KB, layer ≤ 1.5 MB).
const FUNCTION_ZIP_BUDGET = 50_000;
const LAYER_ZIP_BUDGET = 1_500_000;
// The history consumer is its own code and the resources' declarations (11 KB when measured): under
// the API's zip (43 KB), so that pulling in the app or its HTTP code by mistake fails here.
const HISTORY_ZIP_BUDGET = 20_000;

let build: Awaited<ReturnType<typeof buildIntoTemp>>;
let layer: LayerBundle;
const artifact = (id: string): BuiltArtifact => build.built.find((a) => a.id === id)!;
const entries = async (id: ArtifactId): Promise<Record<string, Uint8Array>> => unzipSync(await readFile(zipFile(id, build.dir)));
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

beforeAll(async () => {
  build = await buildIntoTemp();
  // The layer's build again, in memory, for what went into it.
  layer = await bundleLayerModules(layerModulesDir(artifactsDir(LAYER_ID, build.dir)));
});
afterAll(() => build.remove());

describe('npm run build', () => {
  it('writes the functions and the layer zips within their size budgets', () => {
    expect(build.built.map((a) => a.id)).toEqual([LAYER_ID, FUNCTION_ID, HISTORY_FUNCTION_ID]);
    expect(artifact(FUNCTION_ID).zipBytes).toBeLessThanOrEqual(FUNCTION_ZIP_BUDGET);
    expect(artifact(HISTORY_FUNCTION_ID).zipBytes).toBeLessThanOrEqual(HISTORY_ZIP_BUDGET);
    expect(artifact(LAYER_ID).zipBytes).toBeLessThanOrEqual(LAYER_ZIP_BUDGET);
  });

  it.each(FUNCTION_IDS)(
    'puts the handler module and its source map alone in the %s zip, made from the function sources only',
    async (id) => {
      const files = await entries(id);
      expect(Object.keys(files).sort()).toEqual([HANDLER_FILE, `${HANDLER_FILE}.map`]);
      const map = JSON.parse(Buffer.from(files[`${HANDLER_FILE}.map`]!).toString('utf8')) as { sources: string[] };
      expect(map.sources.length).toBeGreaterThan(5);
      // Relative to the project: every source is the function's own code, none a package's, or one of
      // the build's modules importing its names from the dependencies entry (`layer:hono`).
      for (const source of map.sources) expect(source).toMatch(/^(?:function\/src\/[\w/.-]+\.ts|layer:[\w@/.-]+)$/);
    },
  );

  it.each(FUNCTION_IDS)('bundles %s with one module of the layer imported at start, its dependencies entry', async (id) => {
    const { metafile } = await bundleFunction(id);
    expect(staticImports(metafile).filter((specifier) => !isBuiltin(specifier))).toEqual([depsSpecifier(id)]);
    const code = Buffer.from((await entries(id))[HANDLER_FILE]!).toString('utf8');
    expect(code).toContain(`from"${depsSpecifier(id)}"`);
  });

  it('bundles the API with the JSON Schema converter and jose left as imports, loaded when needed', async () => {
    const bundle = await bundleFunction(FUNCTION_ID);
    expect(bundle.lazy).toEqual(['@valibot/to-json-schema', 'jose']);
    expect(externalImports(bundle.metafile).filter((specifier) => !isBuiltin(specifier))).toEqual([
      depsSpecifier(FUNCTION_ID),
      '@valibot/to-json-schema',
      'jose',
    ]);
    expect([...new Set(bundle.deps.map((imported) => imported.specifier))]).toEqual(
      expect.arrayContaining([
        '@aws-lambda-powertools/logger',
        '@aws-lambda-powertools/metrics',
        '@items-api/dynamodb-records',
        'hono',
        'hono/aws-lambda',
        'valibot',
      ]),
    );
  });

  it('bundles the history consumer without the app: it uses the records library, the logger, the metrics and valibot only', async () => {
    const bundle = await bundleFunction(HISTORY_FUNCTION_ID);
    expect(bundle.lazy).toEqual([]);
    expect([...new Set(bundle.deps.map((imported) => imported.specifier))].sort()).toEqual([
      '@aws-lambda-powertools/logger',
      '@aws-lambda-powertools/metrics',
      '@items-api/dynamodb-records',
      'valibot',
    ]);
    const code = Buffer.from((await entries(HISTORY_FUNCTION_ID))[HANDLER_FILE]!).toString('utf8');
    expect(code).not.toMatch(/"hono[/"]|hono_|hono__/);
  });

  // Each function's dependencies entry exports exactly the aliases its bundle imports: what it uses of
  // each package, no more (valibot's ~300 exports are not all there).
  it.each(FUNCTION_IDS)("builds %s's dependencies entry with exactly the names its bundle imports", async (id) => {
    const { deps } = await bundleFunction(id);
    const entry = Object.values(layer.metafile.outputs).find((output) => output.entryPoint?.endsWith(depsSpecifier(id)));
    expect(entry?.exports.sort()).toEqual(deps.map((imported) => imported.alias).sort());
    expect(deps.filter((imported) => imported.specifier === 'valibot').length).toBeLessThan(60);
  });

  // What Lambda resolves from /opt/nodejs/node_modules: each package a function imports, by the exact
  // subpath it imports, from the layer that was built, not from the project's node_modules.
  it.each(FUNCTION_IDS)('resolves every package %s imports from the built layer', async (id) => {
    const fromLayer = createRequire(join(layerModulesDir(artifactsDir(LAYER_ID, build.dir)), 'resolver.js'));
    const imported = externalImports((await bundleFunction(id)).metafile).filter((specifier) => !isBuiltin(specifier));
    expect(imported.length).toBeGreaterThan(0);
    for (const specifier of imported) {
      expect([DEPS_PACKAGE, ...LAYER_PACKAGES]).toContain(parseSpecifier(specifier)?.name);
      expect(fromLayer.resolve(specifier), specifier).toContain(`${build.dir}/`);
    }
  });

  it('lays each package the functions import out under nodejs/node_modules, its entries mapped by its exports, as Lambda resolves them', async () => {
    const files = Object.keys(await entries(LAYER_ID));
    expect(files.filter((file) => !file.startsWith('nodejs/node_modules/'))).toEqual([`nodejs/${NOTICES_FILE}`]);
    const modulesDir = layerModulesDir(artifact(LAYER_ID).dir);
    for (const [name, subpaths] of layer.entries) {
      const manifest = JSON.parse(await readFile(join(modulesDir, name, 'package.json'), 'utf8')) as { exports: Record<string, string> };
      expect(Object.keys(manifest.exports), name).toEqual(subpaths);
      for (const entry of Object.values(manifest.exports)) expect(files).toContain(`nodejs/node_modules/${name}/${entry.slice(2)}`);
    }
    // Every file is an entry, a shared chunk, a manifest or a docs asset: no package trees.
    const chunks = files.filter((file) => file.startsWith(`nodejs/node_modules/${CHUNKS_DIR}/`));
    expect(chunks.length).toBeGreaterThan(0);
    // Each package: its entries and package.json; each docs package: its assets, package.json and notices,
    // and the licence files of the two webpack bundles.
    const packageFiles = [...layer.entries.values()].reduce((sum, subpaths) => sum + subpaths.length + 1, 0);
    const docsFiles = [...docsAssetFiles().values()].reduce((sum, assets) => sum + assets.length + 2, 0);
    const licenceFiles = files.filter((file) => file.endsWith('.LICENSE.txt'));
    expect(licenceFiles.sort()).toEqual([
      'nodejs/node_modules/redoc/bundles/redoc.standalone.js.LICENSE.txt',
      'nodejs/node_modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt',
    ]);
    expect(files.length).toBe(1 + chunks.length + packageFiles + docsFiles + licenceFiles.length);
    for (const [name, assets] of docsAssetFiles()) {
      for (const asset of assets) expect(files).toContain(`nodejs/node_modules/${name}/${asset}`);
    }
  });

  // One build, one instance of each module: a layer module imports Node's modules and the layer's own
  // files (relatively), never a package by name, which would resolve to a second copy or to nothing.
  it('bundles the layer so that its modules import only Node builtins and its own files, relatively', async () => {
    const files = await entries(LAYER_ID);
    const modules = Object.keys(files).filter((file) => file.endsWith('.mjs'));
    expect(modules.length).toBeGreaterThan(5);
    for (const file of modules) {
      const code = Buffer.from(files[file]!).toString('utf8');
      const specifiers = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"([^"]+)"/g)].map((match) => match[1]!);
      for (const specifier of specifiers) {
        if (isBuiltin(specifier)) continue;
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
        expect(Object.keys(files), `${file} imports ${specifier}`).toContain(posix.join(posix.dirname(file), specifier));
      }
    }
  });

  // Bundling drops the packages' own licence files; their licences require the text to travel with
  // the code. Each package whose code went into the layer, by the build's own metafile.
  it('carries the licence text of every package it bundles in nodejs/THIRD-PARTY-NOTICES.txt', async () => {
    const notices = Buffer.from((await entries(LAYER_ID))[`nodejs/${NOTICES_FILE}`]!).toString('utf8');
    const bundled = await bundledPackages(Object.keys(layer.metafile.inputs), layer.inputsBase);
    expect(bundled.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        '@aws-lambda-powertools/commons',
        '@aws-lambda-powertools/logger',
        '@aws-lambda-powertools/metrics',
        '@aws-sdk/util-dynamodb',
        '@aws/lambda-invoke-store',
        '@valibot/to-json-schema',
        'aws4',
        'hono',
        'jose',
        'valibot',
      ]),
    );
    for (const { name, version, text } of bundled) {
      expect(notices, name).toMatch(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}@${version.replace(/\./g, '\\.')}$`, 'm'));
      expect(text.length, name).toBeGreaterThan(300);
      expect(notices, name).toContain(text);
    }
    for (const name of ['Apache License', 'MIT No Attribution', 'Permission is hereby granted']) expect(notices).toContain(name);
  });

  // Webpack's bundles (the docs assets) keep their licences in a file beside them, which their first
  // comment names: `/*! For license information please see redoc.standalone.js.LICENSE.txt */`.
  it('puts next to each script whose first comment names a licence file that file', async () => {
    const files = await entries(LAYER_ID);
    const naming = Object.keys(files).flatMap((file) => {
      if (!/\.m?js$/.test(file)) return [];
      const comment = /^\s*\/\*([\s\S]*?)\*\//.exec(Buffer.from(files[file]!.subarray(0, 4096)).toString('utf8'))?.[1];
      const named = comment && /[\w.-]+\.LICEN[CS]E(?:\.txt)?\b/i.exec(comment)?.[0];
      return named ? [{ file, licence: posix.join(posix.dirname(file), named) }] : [];
    });
    expect(naming.map(({ file }) => file).sort()).toEqual([
      'nodejs/node_modules/redoc/bundles/redoc.standalone.js',
      'nodejs/node_modules/swagger-ui-dist/swagger-ui-bundle.js',
    ]);
    for (const { file, licence } of naming) {
      expect(Object.keys(files), file).toContain(licence);
      expect(files[licence]!.length, licence).toBeGreaterThan(100);
    }
  });

  it.each(FUNCTION_IDS)(
    'builds %s as `sam build` runs the Makefile: ARTIFACTS_DIR in the environment, the repository as working directory',
    async (id) => {
      const artifacts = join(build.dir, `sam-style-${id}`);
      const make = spawnSync('make', ['--makefile', join(PROJECT_ROOT, 'Makefile'), `build-${id}`], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ARTIFACTS_DIR: artifacts },
        encoding: 'utf8',
      });
      expect(make.status, make.stderr).toBe(0);
      expect((await readdir(artifacts)).sort()).toEqual([HANDLER_FILE, `${HANDLER_FILE}.map`]);
      expect(await readFile(join(artifacts, HANDLER_FILE))).toEqual(await readFile(join(artifact(id).dir, HANDLER_FILE)));
    },
  );

  it('zips the same files into the same bytes, in any time zone', async () => {
    const zone = process.env.TZ;
    const zips = [join(build.dir, 'tokyo.zip'), join(build.dir, 'new-york.zip')];
    try {
      process.env.TZ = 'Asia/Tokyo';
      await zipDirectory(artifact(LAYER_ID).dir, zips[0]!);
      process.env.TZ = 'America/New_York';
      await zipDirectory(artifact(LAYER_ID).dir, zips[1]!);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const built = await readFile(artifact(LAYER_ID).zip);
    for (const zip of zips) expect(Buffer.compare(await readFile(zip), built)).toBe(0);
  });
});
