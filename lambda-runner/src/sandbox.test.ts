import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { zipDirectory } from '@items-api/build/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionEnvironment, type InvokeOutcome } from './execution-environment.js';
import { lambdaNode } from './lambda-node.js';
import type { FunctionDefinition } from './sam-template.js';
import { createSandbox, type Resolution, type Sandbox } from './sandbox.js';

// How a function's bare specifiers resolve in the runner's execution environments, as on Lambda's
// nodejs<N>.x runtimes: the usual lookup from the importing file, then NODE_PATH's layer folders,
// `/opt/nodejs/node<N>/node_modules` before `/opt/nodejs/node_modules`; nothing of this repository.
const esm = (code: string) => ({ 'package.json': '{"type":"module","exports":"./index.js"}', 'index.js': code });
const LAYER: Record<string, string> = Object.fromEntries(
  Object.entries({
    'nodejs/node24/node_modules/both': esm("export const from = 'node24'; export const url = import.meta.url;"),
    'nodejs/node_modules/both': esm("export const from = 'plain';"),
    'nodejs/node24/node_modules/node24-only': esm("export const from = 'node24';"),
    // A plain-folder package that needs a node24 one: found through NODE_PATH, after the usual lookup fails.
    'nodejs/node_modules/needs-node24': esm("export { from } from 'node24-only';"),
    // Shared chunks beside the packages, imported by relative path (as esbuild's splitting writes them).
    'nodejs/node_modules/@scope/entry': esm("export { shared as value } from '../../.chunks/shared.js';"),
    'nodejs/node_modules/.chunks': { 'shared.js': "export const shared = 'chunk';" },
    'nodejs/node_modules/common': { 'package.json': '{}', 'index.js': "exports.from = 'plain, required';" },
    // At the layer's root instead of under nodejs/: neither Lambda nor the runner looks there from /var/task.
    'node_modules/misplaced': esm("export const from = 'misplaced';"),
  }).flatMap(([dir, files]) => Object.entries(files).map(([name, text]) => [`${dir}/${name}`, text])),
);

const HANDLER = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const handler = async ({ load, name }) => {
  try {
    const module = load === 'require' ? require(name) : await import(name);
    return { found: true, from: module.from ?? module.value, url: module.url };
  } catch (error) {
    return { found: false, code: error.code, message: error.message };
  }
};
`;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sandbox-resolution-'));
  const write = async (dir: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(scratch, dir, path)), { recursive: true });
      await writeFile(join(scratch, dir, path), text);
    }
    await zipDirectory(join(scratch, dir), join(scratch, `${dir}.zip`));
  };
  await write('layer', LAYER);
  await write('function', { 'index.mjs': HANDLER });
  await write('missing', { 'index.mjs': "import { from } from 'absent';\nexport const handler = async () => from;\n" });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const definition: FunctionDefinition = {
  logicalId: 'Resolver',
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  timeoutSeconds: 10,
  memorySizeMb: 128,
  environment: {},
  layers: ['Layer'],
  tracing: 'PassThrough',
  routes: [],
};

describe.each<Resolution>(['native', 'hook'])('resolution in the sandbox (%s)', (resolution) => {
  const opened: { sandbox: Sandbox; environment: ExecutionEnvironment }[] = [];
  const open = async (zip: string) => {
    const sandbox = await createSandbox(definition.runtime, join(scratch, zip), [join(scratch, 'layer.zip')], { resolution });
    const environment = new ExecutionEnvironment({
      definition,
      node: lambdaNode(definition.runtime),
      sandbox,
      region: 'us-east-1',
      environment: {},
      log: () => undefined,
    });
    opened.push({ sandbox, environment });
    return { sandbox, environment };
  };
  let resolver: Awaited<ReturnType<typeof open>>;
  let requestId = 0;
  const load = async (event: { load: 'import' | 'require'; name: string }) => {
    const outcome = await resolver.environment.invoke(event, `request-${(requestId += 1)}`);
    expect(outcome.kind).toBe('result');
    return (outcome as Extract<InvokeOutcome, { kind: 'result' }>).payload as Record<string, unknown>;
  };
  beforeAll(async () => {
    resolver = await open('function.zip');
  });
  afterAll(async () => {
    for (const { sandbox, environment } of opened) {
      await environment.stop();
      await sandbox.remove();
    }
  });

  it('starts the runtime with no loader when native, with the resolve hook otherwise', () => {
    expect(resolver.sandbox.execArgv).toEqual(resolution === 'native' ? [] : ['--import', expect.stringMatching(/register-hooks\.mjs$/)]);
  });

  it('finds a layer package from the handler by its bare specifier, node24/ before the plain folder, at its own path in /opt', async () => {
    expect(await load({ load: 'import', name: 'both' })).toEqual({
      found: true,
      from: 'node24',
      url: `file://${dirname(resolver.sandbox.nodePath[0]!)}/node_modules/both/index.js`,
    });
    expect(await load({ load: 'require', name: 'both' })).toMatchObject({ found: true, from: 'node24' });
  });

  it('searches the layer folders for imports made inside the layer too, and follows its shared chunks', async () => {
    expect(await load({ load: 'import', name: 'needs-node24' })).toMatchObject({ found: true, from: 'node24' });
    expect(await load({ load: 'import', name: '@scope/entry' })).toMatchObject({ found: true, from: 'chunk' });
    expect(await load({ load: 'require', name: 'common' })).toMatchObject({ found: true, from: 'plain, required' });
  });

  it("reaches nothing of this repository's node_modules, nor a package zipped outside nodejs/", async () => {
    // `yaml` is a dependency of the runner itself, so a plain Node process in this repository finds it.
    for (const name of ['yaml', 'misplaced']) {
      expect(await load({ load: 'import', name })).toMatchObject({ found: false, code: 'ERR_MODULE_NOT_FOUND' });
      expect(await load({ load: 'require', name })).toMatchObject({ found: false, code: 'MODULE_NOT_FOUND' });
    }
  });

  it("fails a handler whose package is missing from the layer with ERR_MODULE_NOT_FOUND naming the handler's file", async () => {
    const { sandbox, environment } = await open('missing.zip');
    const outcome = await environment.invoke({}, 'missing');
    expect(outcome).toMatchObject({ kind: 'failure', status: 'error', error: { errorType: 'Runtime.ImportModuleError' } });
    const { error } = outcome as Extract<InvokeOutcome, { kind: 'failure' }>;
    expect(error?.errorMessage).toBe(`Error: Cannot find package 'absent' imported from ${sandbox.taskRoot}/index.mjs`);
    expect(error?.stack?.[0]).toMatch(/^Error \[ERR_MODULE_NOT_FOUND\]: Cannot find package 'absent'/);
  });
});
