// @ts-check
// A stand-in for Lambda's Node.js runtime, run by the local runner in a process of its own: it loads
// the handler that `_HANDLER` names from `LAMBDA_TASK_ROOT` the way the runtime does, reports the
// init time, then runs one invocation at a time when the runner asks (over Node's IPC channel, where
// Lambda's runtime uses the Runtime API), with Lambda's context object and log line format.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const env = process.env;
/** Written to stdout and stderr after each invocation, so the runner knows it has all of its output. */
const OUTPUT_MARKER = process.argv[2] ?? '';
/** @type {string | undefined} the invocation being run; Lambda prints "undefined" outside one */
let requestId;

for (const [method, level] of /** @type {const} */ ([
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
])) {
  console[method] = (...args) => {
    // One CloudWatch event per call: Lambda turns the message's newlines into carriage returns.
    const message = format(...args).replaceAll('\n', '\r');
    process.stdout.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${message}\n`);
  };
}

/** Lambda's error shape. @param {unknown} error @param {string} [errorType] */
function lambdaError(error, errorType) {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: errorType ?? e.name,
    errorMessage: errorType ? `${e.name}: ${e.message}` : e.message,
    stack: (e.stack ?? '').split('\n'),
  };
}

/** @param {Record<string, unknown>} message @param {() => void} [then] after the runner has it */
function send(message, then) {
  process.send?.({ ...message, maxMemoryUsedMb: Math.round(process.resourceUsage().maxRSS / 1024) }, then);
}

/** `src/index.handler` → module `src/index`, export `handler`; the module as the runtime finds it. */
async function loadHandler() {
  const spec = env._HANDLER ?? '';
  const slash = spec.lastIndexOf('/') + 1;
  const dot = spec.indexOf('.', slash);
  if (dot < 0) throw Object.assign(new Error(`Bad handler ${spec}`), { lambdaType: 'Runtime.MalformedHandlerName' });
  const moduleName = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1);
  const base = join(env.LAMBDA_TASK_ROOT ?? '.', moduleName);
  const require = createRequire(join(env.LAMBDA_TASK_ROOT ?? '.', 'index.js'));
  let module;
  try {
    if (existsSync(base)) module = require(base);
    else if (existsSync(`${base}.js`))
      module = isModulePackage(dirname(base)) ? await import(pathToFileURL(`${base}.js`).href) : require(`${base}.js`);
    else if (existsSync(`${base}.mjs`)) module = await import(pathToFileURL(`${base}.mjs`).href);
    else if (existsSync(`${base}.cjs`)) module = require(`${base}.cjs`);
    else throw new Error(`Cannot find module '${moduleName}'`);
  } catch (error) {
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), {
      lambdaType: error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError',
    });
  }
  const handler = exportPath.split('.').reduce((target, key) => target?.[key], module);
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${spec} is undefined or not exported`), { lambdaType: 'Runtime.HandlerNotFound' });
  }
  return handler;
}

/** The nearest package.json up from `dir` says `"type": "module"`. @param {string} dir */
function isModulePackage(dir) {
  for (let current = dir; ; current = dirname(current)) {
    const file = join(current, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).type === 'module';
    if (dirname(current) === current || current === env.LAMBDA_TASK_ROOT) return false;
  }
}

/** Async handlers, and callback handlers (three parameters) as nodejs22.x still runs them. */
function run(handler, event, context) {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
  });
}

function fatal(errorType) {
  return (/** @type {unknown} */ error) => {
    const described = lambdaError(error, errorType);
    console.error('Uncaught Exception', JSON.stringify(described));
    send({ type: 'crash', error: described }, () => process.exit(129));
  };
}
process.on('uncaughtException', fatal());
process.on('unhandledRejection', fatal('Runtime.UnhandledPromiseRejection'));
// The runner went away (stopped, or killed): an environment never outlives it.
process.on('disconnect', () => process.exit(0));

/** Marks the end of an invocation's output; pipes are written synchronously, so it comes after all of it. @param {string} id */
function endOutput(id) {
  process.stdout.write(`${OUTPUT_MARKER}${id}\n`);
  process.stderr.write(`${OUTPUT_MARKER}${id}\n`);
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  const described = lambdaError(error, /** @type {{ lambdaType?: string }} */ (error).lambdaType);
  console.error('Init Error', JSON.stringify(described));
  send({ type: 'init-error', error: described }, () => process.exit(1));
  await new Promise(() => undefined);
}
send({ type: 'ready', initDurationMs: performance.now() });

process.on('message', async (/** @type {any} */ message) => {
  if (message?.type !== 'invoke') return;
  requestId = message.requestId;
  // Lambda's Node.js runtime sets the invocation's trace header here, from the Runtime API's
  // Lambda-Runtime-Trace-Id, and removes the last one when an invocation comes without.
  if (message.traceId) env._X_AMZN_TRACE_ID = message.traceId;
  else delete env._X_AMZN_TRACE_ID;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
  };
  try {
    const payload = JSON.stringify((await run(handler, message.event, context)) ?? null);
    endOutput(message.requestId);
    send({ type: 'result', requestId: message.requestId, payload });
  } catch (error) {
    const described = lambdaError(error);
    console.error('Invoke Error', JSON.stringify(described));
    endOutput(message.requestId);
    send({ type: 'error', requestId: message.requestId, error: described });
  }
});
