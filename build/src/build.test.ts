import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
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
import { bundleFunction, externalImports } from './bundle-function.js';
import { layerModulesDir } from './bundle-layer.js';
import { docsAssetFiles, LAYER_PACKAGES, parseSpecifier } from './layer-contents.js';
import { zipDirectory } from './zip.js';

// Issue budgets: what a deploy uploads stays small (function ≤ 50 KB, layer ≤ 1.5 MB).
const FUNCTION_ZIP_BUDGET = 50_000;
const LAYER_ZIP_BUDGET = 1_500_000;
// The history consumer is its own code and the resources' declarations (11 KB when measured): under
// the API's zip (43 KB), so that pulling in the app or its HTTP code by mistake fails here.
const HISTORY_ZIP_BUDGET = 20_000;

let build: Awaited<ReturnType<typeof buildIntoTemp>>;
const artifact = (id: string): BuiltArtifact => build.built.find((a) => a.id === id)!;
const entries = async (id: ArtifactId): Promise<Record<string, Uint8Array>> => unzipSync(await readFile(zipFile(id, build.dir)));
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

beforeAll(async () => {
  build = await buildIntoTemp();
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
      // Relative to the project: every source is the function's own code, none a package's.
      for (const source of map.sources) expect(source).toMatch(/^function\/src\/[\w/.-]+\.ts$/);
    },
  );

  it('bundles the API with its imports of the layer left as imports', async () => {
    const code = Buffer.from((await entries(FUNCTION_ID))[HANDLER_FILE]!).toString('utf8');
    for (const name of ['@items-api/dynamodb-records', 'hono/aws-lambda', 'valibot']) expect(code).toContain(`"${name}"`);
  });

  it('bundles the history consumer without the app: it imports the records library, the logger, the metrics and builtins only', async () => {
    const imports = externalImports(await bundleFunction(HISTORY_FUNCTION_ID));
    expect(imports.filter((specifier) => !isBuiltin(specifier))).toEqual([
      '@aws-lambda-powertools/logger',
      '@aws-lambda-powertools/metrics',
      '@items-api/dynamodb-records',
      'valibot',
    ]);
    const code = Buffer.from((await entries(HISTORY_FUNCTION_ID))[HANDLER_FILE]!).toString('utf8');
    expect(code).toContain('"@items-api/dynamodb-records"');
    expect(code).not.toMatch(/"hono[/"]/);
  });

  // What Lambda resolves from /opt/nodejs/node_modules: each package a function imports, by the exact
  // subpath it imports, from the layer that was built, not from the project's node_modules.
  it.each(FUNCTION_IDS)('resolves every package %s imports from the built layer', async (id) => {
    const fromLayer = createRequire(join(layerModulesDir(artifactsDir(LAYER_ID, build.dir)), 'resolver.js'));
    const imported = externalImports(await bundleFunction(id)).filter((specifier) => !isBuiltin(specifier));
    expect(imported.length).toBeGreaterThan(0);
    for (const specifier of imported) {
      expect(LAYER_PACKAGES).toContain(parseSpecifier(specifier)?.name);
      expect(fromLayer.resolve(specifier), specifier).toContain(`${build.dir}/`);
    }
  });

  it('lays every layer package out under nodejs/node_modules, as Lambda resolves them', async () => {
    const files = Object.keys(await entries(LAYER_ID));
    expect(files.every((file) => file.startsWith('nodejs/node_modules/'))).toBe(true);
    for (const name of [...LAYER_PACKAGES, ...docsAssetFiles().keys()]) {
      expect(files).toContain(`nodejs/node_modules/${name}/package.json`);
    }
    for (const [name, assets] of docsAssetFiles()) {
      for (const asset of assets) expect(files).toContain(`nodejs/node_modules/${name}/${asset}`);
    }
  });

  it('keeps the licence notices of the code it bundles', async () => {
    const files = await entries(LAYER_ID);
    const notices = Buffer.from(files['nodejs/node_modules/@items-api/dynamodb-records/THIRD-PARTY-NOTICES.txt']!).toString('utf8');
    expect(notices).toContain('@aws-sdk/util-dynamodb@');
    expect(notices).toContain('aws4@');
    expect(notices).toContain('Apache License');
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
