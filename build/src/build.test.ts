import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildIntoTemp } from '@items-api/test-support/lambda-runner';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ID, HANDLER_FILE, LAYER_ID, PROJECT_ROOT, zipFile } from './artifacts.js';
import type { BuiltArtifact } from './build.js';
import { docsAssetFiles, LAYER_PACKAGES } from './layer-contents.js';
import { zipDirectory } from './zip.js';

// Issue budgets: what a deploy uploads stays small (function ≤ 50 KB, layer ≤ 1.5 MB).
const FUNCTION_ZIP_BUDGET = 50_000;
const LAYER_ZIP_BUDGET = 1_500_000;

let build: Awaited<ReturnType<typeof buildIntoTemp>>;
const artifact = (id: string): BuiltArtifact => build.built.find((a) => a.id === id)!;
const entries = async (id: typeof FUNCTION_ID | typeof LAYER_ID): Promise<Record<string, Uint8Array>> =>
  unzipSync(await readFile(zipFile(id, build.dir)));

beforeAll(async () => {
  build = await buildIntoTemp();
});
afterAll(() => build.remove());

describe('npm run build', () => {
  it('writes the function and the layer zips within their size budgets', () => {
    expect(artifact(FUNCTION_ID).zipBytes).toBeLessThanOrEqual(FUNCTION_ZIP_BUDGET);
    expect(artifact(LAYER_ID).zipBytes).toBeLessThanOrEqual(LAYER_ZIP_BUDGET);
  });

  it('puts the handler module and its source map alone in the function zip, made from the function sources only', async () => {
    const files = await entries(FUNCTION_ID);
    expect(Object.keys(files).sort()).toEqual([HANDLER_FILE, `${HANDLER_FILE}.map`]);
    const map = JSON.parse(Buffer.from(files[`${HANDLER_FILE}.map`]!).toString('utf8')) as { sources: string[] };
    expect(map.sources.length).toBeGreaterThan(5);
    // Relative to the project: every source is the function's own code, none a package's.
    for (const source of map.sources) expect(source).toMatch(/^function\/src\/[\w/.-]+\.ts$/);
    const code = Buffer.from(files[HANDLER_FILE]!).toString('utf8');
    for (const name of ['@items-api/dynamodb-records', 'hono/aws-lambda', 'valibot']) expect(code).toContain(`"${name}"`);
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

  it('builds as `sam build` runs the Makefile: ARTIFACTS_DIR in the environment, the repository as working directory', async () => {
    const artifacts = join(build.dir, 'sam-style');
    const make = spawnSync('make', ['--makefile', join(PROJECT_ROOT, 'Makefile'), `build-${FUNCTION_ID}`], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ARTIFACTS_DIR: artifacts },
      encoding: 'utf8',
    });
    expect(make.status, make.stderr).toBe(0);
    expect((await readdir(artifacts)).sort()).toEqual([HANDLER_FILE, `${HANDLER_FILE}.map`]);
    expect(await readFile(join(artifacts, HANDLER_FILE))).toEqual(await readFile(join(artifact(FUNCTION_ID).dir, HANDLER_FILE)));
  });

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
