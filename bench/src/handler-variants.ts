import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FUNCTION_ID, HANDLER_FILE, LAYER_ID, PROJECT_ROOT, TEMPLATE_FILE, zipFile } from '@items-api/build/artifacts';
import { SHARED_OPTIONS } from '@items-api/build/esbuild-options';
import { extractZip, zipDirectory } from '@items-api/build/zip';
import { REGISTER_HOOKS } from '@items-api/local/lambda-runner/runtime-files';
import { lambdaEnvironment } from '@items-api/local/lambda-runner/lambda-environment';
import { createSandbox, type Sandbox } from '@items-api/local/lambda-runner/sandbox';
import { readSamTemplate } from '@items-api/local/lambda-runner/sam-template';
import { idempotencyTableFor } from '@items-api/local/items-table';
import { localFunctionEnvironment } from '@items-api/local/local-function-environment';
import type { BenchEvent } from './events.js';

const INVOKE_PROCESS = fileURLToPath(new URL('./invoke-process.mjs', import.meta.url));

/** A handler laid out as Lambda lays it out, ready to be started in fresh processes. */
export interface HandlerVariant {
  name: string;
  handlerFile: string;
  taskRoot: string;
  env: NodeJS.ProcessEnv;
  /** Resolve bare imports through the local runner's hook (NODE_PATH, as Lambda); false: Node's own. */
  hook: boolean;
}

/** What `invoke-process.mjs` prints: times since its process started, and per-invocation durations. */
export interface InvokeReport {
  loadStartedMs: number;
  loadedMs: number;
  answeredMs: number;
  durations: Record<string, number[]>;
  statuses: Record<string, number>;
  maxRssKb: number;
}

export interface ProcessRun {
  /** From spawn to exit, as the parent saw it. */
  wallMs: number;
  /** Absent for `node -e 0`. */
  report?: InvokeReport;
}

export interface Variants {
  /** The function and layer zips, as deployed, X-Ray tracing off (the template's `Tracing` parameter). */
  layered: HandlerVariant;
  /** The same with tracing on: Powertools' Tracer and the X-Ray SDK loaded, segments sent over UDP. */
  layeredTraced: HandlerVariant;
  /** The same app as one bundle, no layer: what the layer layout costs. */
  singleBundle: HandlerVariant;
  /** An ES module handler that answers at once: the floor for a Node.js function. */
  empty: HandlerVariant;
  /**
   * The layered and single-bundle handlers resolved by Node alone (a `node_modules` link to the layer
   * in the task root, no hook): the layer layout's own cost, without the runner's hook thread.
   */
  layeredNative: HandlerVariant;
  singleNative: HandlerVariant;
  emptyNative: HandlerVariant;
  dispose(): Promise<void>;
}

/**
 * What Lambda's environment holds with active tracing: the invocation's trace header (one invocation
 * per process here) and the daemon's address, where nothing listens (UDP: sending costs the same).
 */
const TRACED = {
  POWERTOOLS_TRACE_ENABLED: 'true',
  _X_AMZN_TRACE_ID: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
};

/** Lays the three handlers out in sandboxes, with the template's environment and the local DynamoDB's. */
export async function prepareVariants(zipsDir: string, dynamoDbEndpoint: string, tableName: string, region: string): Promise<Variants> {
  const [api] = await readSamTemplate(TEMPLATE_FILE, {
    resources: { ItemsTable: tableName, IdempotencyTable: idempotencyTableFor(tableName) },
    region,
  });
  const definition = api!.functions.find((fn) => fn.logicalId === FUNCTION_ID)!;
  const scratch = await mkdtemp(join(tmpdir(), 'items-api-bench-'));
  const sandboxes: Sandbox[] = [];
  const variant = async (name: string, functionZip: string, layerZips: string[]): Promise<HandlerVariant> => {
    const sandbox = await createSandbox(definition.runtime, functionZip, layerZips);
    sandboxes.push(sandbox);
    return {
      name,
      handlerFile: join(sandbox.taskRoot, HANDLER_FILE),
      taskRoot: sandbox.taskRoot,
      // Tracing is compared on its own (`layeredTraced`); every other variant runs without it.
      env: { ...lambdaEnvironment(definition, sandbox, region, localFunctionEnvironment(dynamoDbEndpoint)), POWERTOOLS_TRACE_ENABLED: 'false' },
      hook: true,
    };
  };
  try {
    const singleDir = join(scratch, 'single');
    await build({
      ...SHARED_OPTIONS,
      absWorkingDir: PROJECT_ROOT,
      entryPoints: [{ in: join(PROJECT_ROOT, 'function/src/lambda.ts'), out: 'index' }],
      outdir: singleDir,
      metafile: false,
    });
    await zipDirectory(singleDir, join(scratch, 'single.zip'));
    const emptyDir = join(scratch, 'empty');
    await mkdir(emptyDir);
    await writeFile(join(emptyDir, HANDLER_FILE), "export const handler = async () => ({ statusCode: 200, body: '' });\n");
    await zipDirectory(emptyDir, join(scratch, 'empty.zip'));
    const layered = await variant('function + layer', zipFile(FUNCTION_ID, zipsDir), [zipFile(LAYER_ID, zipsDir)]);
    const singleBundle = await variant('single bundle, no layer', join(scratch, 'single.zip'), []);
    const nativeTask = join(scratch, 'native-task');
    await extractZip(zipFile(FUNCTION_ID, zipsDir), nativeTask);
    await symlink(join(layered.taskRoot, '../../opt/nodejs/node_modules'), join(nativeTask, 'node_modules'));
    const empty = await variant('empty ESM handler', join(scratch, 'empty.zip'), []);
    return {
      layered,
      layeredTraced: { ...layered, name: 'function + layer, tracing on', env: { ...layered.env, ...TRACED } },
      singleBundle,
      empty,
      emptyNative: { ...empty, name: 'empty ESM handler, Node resolution', hook: false },
      layeredNative: {
        ...layered,
        name: 'function + layer, Node resolution',
        handlerFile: join(nativeTask, HANDLER_FILE),
        taskRoot: nativeTask,
        hook: false,
      },
      singleNative: { ...singleBundle, name: 'single bundle, Node resolution', hook: false },
      dispose: async () => {
        await Promise.all(sandboxes.map((sandbox) => sandbox.remove()));
        await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(sandboxes.map((sandbox) => sandbox.remove()));
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** Starts a fresh process for `variant` that loads it and invokes `eventsFile`'s events (with `probe`, paired with bare SDK calls). */
export function runHandlerProcess(variant: HandlerVariant, eventsFile: string, probe?: { file: string; config: unknown }): Promise<ProcessRun> {
  const probeArgs = probe ? [probe.file, JSON.stringify(probe.config)] : [];
  const hook = variant.hook ? ['--import', REGISTER_HOOKS] : [];
  return timedProcess([...hook, INVOKE_PROCESS, variant.handlerFile, eventsFile, ...probeArgs], variant.taskRoot, variant.env);
}

/** Bundles `sdk-probe.ts` (the SDK inside) into `dir`, for `runHandlerProcess`. */
export async function bundleSdkProbe(dir: string): Promise<string> {
  const file = join(dir, 'sdk-probe.mjs');
  await build({
    ...SHARED_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [fileURLToPath(new URL('./sdk-probe.ts', import.meta.url))],
    outfile: file,
    outExtension: {},
    metafile: false,
  });
  return file;
}

/** `node -e 0`: the cost of starting Node.js at all. */
export function runBareNode(): Promise<ProcessRun> {
  return timedProcess(['-e', '0'], tmpdir(), { PATH: process.env.PATH });
}

/** Longer than any benchmark process takes; a hung one fails the run instead of stalling it. */
const PROCESS_TIMEOUT_MS = 120_000;

function timedProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: PROCESS_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr}`));
      const line = stdout.trim().split('\n').at(-1);
      resolve(line ? { wallMs, report: JSON.parse(line) as InvokeReport } : { wallMs });
    });
  });
}

export async function writeEvents(dir: string, name: string, events: BenchEvent[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(events));
  return file;
}
