import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCS_ASSETS } from '@items-api/function/docs-assets';
import { buildIntoTemp, type RunnerWithLog, startProjectRunner } from '@items-api/test-support/lambda-runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, FUNCTION_ID, FUNCTION_IDS, LAYER_ID, zipFile } from './artifacts.js';
import { bundleFunction, staticImports } from './bundle-function.js';
import { CHUNKS_DIR, layerEntryPoints, layerModulesDir } from './bundle-layer.js';
import { zipDirectory } from './zip.js';

// The runner is how the project knows its packaging is right: a layer without one of the packages
// the function needs must fail to load the handler here exactly as it would on Lambda.
let build: Awaited<ReturnType<typeof buildIntoTemp>>;
const scratch: string[] = [];

beforeAll(async () => {
  build = await buildIntoTemp();
});
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  await build.remove();
});

/** The project's runner on zips where the layer lacks `removed`. No DynamoDB: nothing gets that far. */
async function runWithout(removed: string, environment: Record<string, string> = {}): Promise<RunnerWithLog> {
  const dir = await mkdtemp(join(tmpdir(), 'layer-without-'));
  scratch.push(dir);
  const layer = join(dir, 'layer');
  await cp(artifactsDir(LAYER_ID, build.dir), layer, { recursive: true });
  await rm(join(layerModulesDir(layer), removed), { recursive: true });
  await zipDirectory(layer, zipFile(LAYER_ID, dir));
  for (const id of FUNCTION_IDS) await copyFile(zipFile(id, build.dir), zipFile(id, dir));
  return startProjectRunner(dir, 'http://127.0.0.1:9', 'unused', `layer-without-${removed.replace('/', '-')}`, { environment });
}

// The function imports one module of the layer statically, its dependencies entry, which must be
// there for it to load, and so must the chunks it shares; the others (jose for AUTH_MODE=jwt, the
// converter for /openapi.json) are imported when needed.
const { metafile } = await bundleFunction(FUNCTION_ID);
const inLayer = [...(await layerEntryPoints()).entries.keys()];
const importedAtStart = inLayer.filter((name) => staticImports(metafile).some((s) => s === name || s.startsWith(`${name}/`)));
const loadedLater = inLayer.filter((name) => !importedAtStart.includes(name));

describe('a layer missing a package', () => {
  it('imports its dependencies entry at start; the JSON Schema converter only for /openapi.json, jose only when JWTs are checked', () => {
    expect(importedAtStart).toEqual(['@items-api/layer']);
    expect(loadedLater).toEqual(['@valibot/to-json-schema', 'jose']);
  });

  it.each(importedAtStart)('without %s, the handler does not load: 502 and Runtime.ImportModuleError', async (name) => {
    const runner = await runWithout(name);
    try {
      const response = await fetch(`${runner.stageUrls[0]}`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: 'Internal server error' });
      const log = runner.lines.join('\n');
      expect(log).toContain('"errorType":"Runtime.ImportModuleError"');
      expect(log).toContain(`Cannot find package '${name}'`);
      expect(log).toMatch(/Status: error\tError Type: Runtime\.ImportModuleError/);
    } finally {
      await runner.stop();
    }
  });

  it('without the chunks the packages share, the handler does not load: 502 and Runtime.ImportModuleError', async () => {
    const runner = await runWithout(CHUNKS_DIR);
    try {
      expect((await fetch(`${runner.stageUrls[0]}`)).status).toBe(502);
      const log = runner.lines.join('\n');
      expect(log).toContain('"errorType":"Runtime.ImportModuleError"');
      expect(log).toMatch(new RegExp(`Cannot find module '[^']*/nodejs/node_modules/${CHUNKS_DIR.replace('.', '\\.')}/\\w+\\.mjs'`));
    } finally {
      await runner.stop();
    }
  });

  it.each(Object.entries(DOCS_ASSETS))(
    'without the package of docs asset %s (found with require.resolve), the API loads but that asset fails',
    async (asset, { packageName }) => {
      const runner = await runWithout(packageName);
      try {
        expect((await fetch(`${runner.stageUrls[0]}`)).status).toBe(200);
        expect((await fetch(`${runner.stageUrls[0]}docs/assets/${asset}`)).status).toBe(500);
        expect(runner.lines.join('\n')).toContain(`Cannot find module '${packageName}/package.json'`);
      } finally {
        await runner.stop();
      }
    },
  );

  it('without jose, the API loads, and a JWT check fails as a server error (500), never as a bad token', async () => {
    const runner = await runWithout('jose', { AUTH_MODE: 'jwt', JWT_ISSUER: 'https://issuer.example' });
    try {
      expect((await fetch(`${runner.stageUrls[0]}`)).status).toBe(200);
      const response = await fetch(`${runner.stageUrls[0]}items`, { headers: { authorization: 'Bearer a.b.c' } });
      expect(response.status).toBe(500);
      expect(runner.lines.join('\n')).toContain("Cannot find package 'jose'");
    } finally {
      await runner.stop();
    }
  });

  it('without the JSON Schema converter, the API loads and answers, and only /openapi.json fails (500)', async () => {
    const runner = await runWithout('@valibot/to-json-schema');
    try {
      expect((await fetch(`${runner.stageUrls[0]}`)).status).toBe(200);
      expect((await fetch(`${runner.stageUrls[0]}openapi.json`)).status).toBe(500);
      expect(runner.lines.join('\n')).toContain("Cannot find package '@valibot/to-json-schema'");
    } finally {
      await runner.stop();
    }
  });

  it('with every package, the same zips load and answer', async () => {
    const runner = await startProjectRunner(build.dir, 'http://127.0.0.1:9', 'unused', 'layer-complete');
    try {
      expect((await fetch(`${runner.stageUrls[0]}`)).status).toBe(200);
      expect((await fetch(`${runner.stageUrls[0]}docs/assets/swagger-ui.css`)).status).toBe(200);
    } finally {
      await runner.stop();
    }
  });
});
