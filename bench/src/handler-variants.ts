import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTION_ID, HANDLER_FILE, HISTORY_FUNCTION_ID, LAYER_ID, PROJECT_ROOT, TEMPLATE_FILE, zipFile } from '@items-api/build/artifacts';
import { SHARED_OPTIONS } from '@items-api/build/esbuild-options';
import { zipDirectory } from '@items-api/build/zip';
import {
  createSandbox,
  type LambdaNode,
  lambdaEnvironment,
  lambdaNode,
  type Resolution,
  readSamTemplate,
  readStreamConsumers,
  type Sandbox,
} from '@items-api/lambda-runner';
import { localFunctionEnvironment } from '@items-api/local/local-function-environment';
import { build } from 'esbuild';
import { benchTemplateTables } from './bench-tables.js';
import type { BenchEvent } from './events.js';

const INVOKE_PROCESS = fileURLToPath(new URL('./invoke-process.mjs', import.meta.url));
const BARE_JOB = fileURLToPath(new URL('./bare-job/index.mjs', import.meta.url));
const BARE_CONSUMER = fileURLToPath(new URL('./bare-job/history-consumer.mjs', import.meta.url));

/** A handler laid out as Lambda lays it out, ready to be started in fresh processes. */
export interface HandlerVariant {
  name: string;
  handlerFile: string;
  taskRoot: string;
  env: NodeJS.ProcessEnv;
  /** Node's flags for the way its sandbox resolves the layers' packages (`Sandbox.execArgv`): none when native. */
  execArgv: string[];
}

/** What `invoke-process.mjs` prints: times since its process started, and per-invocation durations. */
export interface InvokeReport {
  loadStartedMs: number;
  loadedMs: number;
  answeredMs: number;
  durations: Record<string, number[]>;
  statuses: Record<string, number>;
  /** For the events that asked (`capture`), by name: what the handler wrote during their invocations. */
  output: Record<string, CapturedOutput>;
  maxRssKb: number;
}

/** What the handler wrote to stdout and stderr during an event's invocations, all of them together. */
export interface CapturedOutput {
  invocations: number;
  bytes: number;
  /** `ConsumedCapacity` of its metrics' EMF documents, summed by their `operation` dimension. */
  capacity: Record<string, number>;
}

export interface ProcessRun {
  /** From spawn to exit, as the parent saw it. */
  wallMs: number;
  /** Absent for `node -e 0`. */
  report?: InvokeReport;
}

export interface Variants {
  /** The Node.js of the template's runtime, which runs every benchmark process. */
  node: LambdaNode;
  /** `bare-job/index.mjs` (bundled with its request into one module): one GetItem signed and sent with `node:http` and `node:crypto` alone. */
  bare: HandlerVariant;
  /**
   * The bare job with `node:http` and `node:crypto` taken by `process.getBuiltinModule`, not imported:
   * importing `node:http` as a module loads Node's fetch (undici), and this shows what that costs.
   */
  bareWithoutFetch: HandlerVariant;
  /** An ES module handler that answers at once: the floor of any Node.js function. */
  empty: HandlerVariant;
  /** The function and layer zips with the template's defaults: X-Ray tracing on (subsegments sent over UDP). */
  defaults: HandlerVariant;
  /** The same with the template's `Tracing=PassThrough`: no tracer made. */
  tracingOff: HandlerVariant;
  /**
   * `defaults` with the layers resolved through the runner's resolve hook (`resolution: 'hook'`), not
   * natively as Lambda does: what a per-import JavaScript hook would add to the cold start.
   */
  defaultsThroughHook: HandlerVariant;
  /** HistoryFunction's zip and the layer, with the template's defaults (its code makes no tracer). */
  historyConsumer: HandlerVariant;
  /** `bare-job/history-consumer.mjs`: the same conditional PutItem per INSERT with `node:http` and `node:crypto` alone. */
  bareConsumer: HandlerVariant;
  dispose(): Promise<void>;
}

/**
 * What Lambda's environment holds with active tracing: the invocation's trace header (one invocation
 * per process here) and the daemon's address, where nothing listens (UDP: sending costs the same).
 */
const TRACED = {
  _X_AMZN_TRACE_ID: 'Root=1-67a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
  AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000',
};

/** Lays the handlers out in sandboxes, with the template's environment and the local DynamoDB's (its tables as `templateTables(tablePrefix)` names them). */
export async function prepareVariants(zipsDir: string, dynamoDbEndpoint: string, tablePrefix: string, region: string): Promise<Variants> {
  const values = { resources: benchTemplateTables(tablePrefix), region };
  const [api] = await readSamTemplate(TEMPLATE_FILE, values);
  const definition = api!.functions.find((fn) => fn.logicalId === FUNCTION_ID)!;
  const consumer = (await readStreamConsumers(TEMPLATE_FILE, values)).find((c) => c.function.logicalId === HISTORY_FUNCTION_ID)!.function;
  const node = lambdaNode(definition.runtime);
  const scratch = await mkdtemp(join(tmpdir(), 'items-api-bench-'));
  const sandboxes: Sandbox[] = [];
  // Each as one of `of`'s functions: the template's own variables (Tracing's default included), as Lambda sets them.
  // Each resolving the layers' packages natively, as Lambda does, unless `resolution` says otherwise.
  const variant = async (
    name: string,
    functionZip: string,
    layerZips: string[],
    of = definition,
    resolution: Resolution = 'native',
  ): Promise<HandlerVariant> => {
    const sandbox = await createSandbox(of.runtime, functionZip, layerZips, { resolution });
    sandboxes.push(sandbox);
    return {
      name,
      handlerFile: join(sandbox.taskRoot, HANDLER_FILE),
      taskRoot: sandbox.taskRoot,
      env: lambdaEnvironment(of, sandbox, region, localFunctionEnvironment(dynamoDbEndpoint)),
      execArgv: sandbox.execArgv,
    };
  };
  // A zip holding `handler` as the handler file, and nothing else.
  const handlerZip = async (name: string, handler: string): Promise<string> => {
    const dir = join(scratch, name);
    await mkdir(dir);
    await writeFile(join(dir, HANDLER_FILE), handler);
    await zipDirectory(dir, join(scratch, `${name}.zip`));
    return join(scratch, `${name}.zip`);
  };
  try {
    const [bareJob, bareConsumerJob] = await Promise.all([BARE_JOB, BARE_CONSUMER].map((file) => bundleBareJob(file, node)));
    const bareZip = await handlerZip('bare', bareJob!);
    const bareWithoutFetchZip = await handlerZip('bare-without-fetch', withoutFetch(bareJob!));
    const bareConsumerZip = await handlerZip('bare-consumer', bareConsumerJob!);
    const emptyZip = await handlerZip('empty', "export const handler = async () => ({ statusCode: 200, body: '' });\n");
    const defaults = await variant('function + layer, template defaults (tracing on)', zipFile(FUNCTION_ID, zipsDir), [
      zipFile(LAYER_ID, zipsDir),
    ]);
    if (defaults.env.POWERTOOLS_TRACE_ENABLED !== 'true')
      throw new Error("The template's defaults no longer turn tracing on: name the variants anew");
    const defaultsThroughHook = await variant(
      'function + layer, template defaults (tracing on), resolved through the hook',
      zipFile(FUNCTION_ID, zipsDir),
      [zipFile(LAYER_ID, zipsDir)],
      definition,
      'hook',
    );
    const historyConsumer = await variant(
      'HistoryFunction + layer, template defaults',
      zipFile(HISTORY_FUNCTION_ID, zipsDir),
      [zipFile(LAYER_ID, zipsDir)],
      consumer,
    );
    return {
      node,
      bare: await variant('bare job (node:http + node:crypto)', bareZip, []),
      bareWithoutFetch: await variant('bare job, node:http by getBuiltinModule (no fetch loaded)', bareWithoutFetchZip, []),
      empty: await variant('empty ESM handler', emptyZip, []),
      defaults: { ...defaults, env: { ...defaults.env, ...TRACED } },
      tracingOff: { ...defaults, name: 'function + layer, tracing off', env: { ...defaults.env, POWERTOOLS_TRACE_ENABLED: 'false' } },
      defaultsThroughHook: { ...defaultsThroughHook, env: { ...defaultsThroughHook.env, ...TRACED } },
      historyConsumer: { ...historyConsumer, env: { ...historyConsumer.env, ...(consumer.tracing === 'Active' && TRACED) } },
      bareConsumer: await variant('bare consumer (node:http + node:crypto)', bareConsumerZip, [], consumer),
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

/**
 * A bare job (`bare-job/*.mjs`) and the request it imports as ONE readable ES module, its handler
 * file: a second module would be one more to load at cold start, raising the floor the functions are
 * set against. Node's modules stay imports, for the template's Node (`node`).
 */
async function bundleBareJob(entry: string, node: LambdaNode): Promise<string> {
  const { outputFiles } = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: `node${node.version.replace(/^v/, '')}`,
    minify: false,
    external: ['node:*'],
    write: false,
    logLevel: 'warning',
  });
  if (outputFiles.length !== 1) throw new Error(`Bundling ${entry} made ${outputFiles.length} files, not one`);
  const code = outputFiles[0]!.text;
  const relative = /^\s*(?:import|export)\b[^;]*?["']\.{1,2}\//m.exec(code);
  if (relative) throw new Error(`The bundle of ${entry} still imports a module of its own: ${relative[0]}`);
  return code;
}

/** The imports the bare job's bundle must have, exactly (its request's): their bindings, each as the bundle names it. */
const BARE_JOB_IMPORTS: Record<string, string[]> = { 'node:crypto': ['createHash', 'createHmac'], 'node:http': ['request'] };

/**
 * The bare job's bundle (`job`) with its two imports, `node:crypto`'s and `node:http`'s, as
 * `process.getBuiltinModule` calls, which load no more than the module itself. Throws unless those two
 * are its only imports, each with the bindings of `BARE_JOB_IMPORTS` (esbuild may rename them: kept as renamed).
 */
function withoutFetch(job: string): string {
  const statements = job.match(/^import\b.*$/gm) ?? [];
  const found = new Set<string>();
  const code = statements.reduce((code, statement) => {
    const parsed = /^import \{([^}]*)\} from "(node:[a-z_/]+)";$/.exec(statement);
    const expected = parsed && BARE_JOB_IMPORTS[parsed[2]!];
    if (!parsed || !expected || found.has(parsed[2]!))
      throw new Error(
        `The bare job's bundle imports \`${statement}\`, not only ${Object.keys(BARE_JOB_IMPORTS).join(' and ')}: update withoutFetch`,
      );
    const bindings = parsed[1]!.split(',').map((binding) => binding.trim().split(/\s+as\s+/));
    const names = bindings.map(([name]) => name!).sort();
    if (names.join() !== [...expected].sort().join())
      throw new Error(`The bare job's bundle takes ${names.join(', ')} from ${parsed[2]}, not ${expected.join(', ')}: update withoutFetch`);
    found.add(parsed[2]!);
    const destructured = bindings.map(([name, local]) => (local && local !== name ? `${name}: ${local}` : name)).join(', ');
    return code.replace(statement, `const { ${destructured} } = process.getBuiltinModule(${JSON.stringify(parsed[2])});`);
  }, job);
  const missing = Object.keys(BARE_JOB_IMPORTS).filter((module) => !found.has(module));
  if (missing.length > 0) throw new Error(`The bare job's bundle no longer imports ${missing.join(' and ')}: update withoutFetch`);
  if (/\bimport\s*[("'{*]|^import\b/m.test(code))
    throw new Error("The bare job's bundle still imports a module after withoutFetch: update it");
  return code;
}

/**
 * Starts a fresh process on `node` for `variant`, with its sandbox's flags (none: the layers resolve
 * natively, as on Lambda, through the sandbox's `node_modules` of links), that loads it and invokes
 * `eventsFile`'s events (with `probe`, paired with bare DynamoDB calls).
 */
export function runHandlerProcess(
  node: LambdaNode,
  variant: HandlerVariant,
  eventsFile: string,
  probe?: { file: string; config: unknown },
): Promise<ProcessRun> {
  const probeArgs = probe ? [probe.file, JSON.stringify(probe.config)] : [];
  return timedProcess(
    node,
    [...variant.execArgv, INVOKE_PROCESS, variant.handlerFile, eventsFile, ...probeArgs],
    variant.taskRoot,
    variant.env,
  );
}

/** Bundles a probe (`sdk-probe.ts` unless told; the store's client inside) into `dir`, for `runHandlerProcess`. */
export async function bundleSdkProbe(dir: string, probe: 'sdk-probe' | 'history-probe' = 'sdk-probe'): Promise<string> {
  const file = join(dir, `${probe}.mjs`);
  await build({
    ...SHARED_OPTIONS,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [fileURLToPath(new URL(`./${probe}.ts`, import.meta.url))],
    outfile: file,
    outExtension: {},
    metafile: false,
  });
  return file;
}

/** `node -e 0`: the cost of starting Node.js at all. */
export function runBareNode(node: LambdaNode): Promise<ProcessRun> {
  return timedProcess(node, ['-e', '0'], tmpdir(), { PATH: process.env.PATH });
}

/** Longer than any benchmark process takes; a hung one fails the run instead of stalling it. */
const PROCESS_TIMEOUT_MS = 120_000;

/** Runs `node args` and parses the last line it prints as JSON (when it prints any). */
export function timedProcess<T = InvokeReport>(
  node: LambdaNode,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ wallMs: number; report?: T }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node.path, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: PROCESS_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stderr}`));
      const line = stdout.trim().split('\n').at(-1);
      resolve(line ? { wallMs, report: JSON.parse(line) as T } : { wallMs });
    });
  });
}

export async function writeEvents(dir: string, name: string, events: BenchEvent[]): Promise<string> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(events));
  return file;
}
