// @ts-check
// One benchmark process: loads a Lambda handler module the way the local runner's environments do
// (started by the caller in the handler's sandbox, with Lambda's NODE_PATH and the sandbox's flags:
// none when its layers resolve natively, as on Lambda), then invokes it with events,
// timing each invocation. Prints one JSON line and exits (the SDK's keep-alive sockets would hold it).
//
//   node invoke-process.mjs <handler file> <events file> [<probe module> <probe config JSON>]
//
// The events file holds a JSON array of `{ name, event, times, probe? }`: each event is invoked
// `times` times, in order. With a probe module, an event naming one of its calls (`probe: 'get'`) is
// followed each time by that bare SDK call (given the event's name), timed as `<name>:sdk`, so that the two pair up. An event
// with `capture: true` has what the handler writes to stdout and stderr during each invocation kept
// (and passed on as ever): its bytes counted, and the DynamoDB capacity its metrics (EMF documents)
// report summed by operation, under `output[name]`. No write is touched unless some event asks.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [handlerFile, eventsFile, probeFile, probeConfig] = process.argv.slice(2);
const events = JSON.parse(readFileSync(/** @type {string} */ (eventsFile), 'utf8'));
const context = {
  awsRequestId: 'bench',
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench',
  getRemainingTimeInMillis: () => 10_000,
};

/** @type {unknown[] | undefined} what the handler writes during an invocation that captures */
let captured;
if (events.some((/** @type {{ capture?: boolean }} */ e) => e.capture)) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    // Keeps the chunk only (parsed after the invocation's time is taken), and writes it on as before.
    stream.write = /** @type {typeof write} */ (
      function (/** @type {unknown} */ chunk, /** @type {unknown[]} */ ...rest) {
        captured?.push(chunk);
        return /** @type {(...a: unknown[]) => boolean} */ (write).call(this, chunk, ...rest);
      }
    );
  }
}

const loadStarted = performance.now();
const { handler } = await import(pathToFileURL(/** @type {string} */ (handlerFile)).href);
const loaded = performance.now();
const probe = probeFile
  ? (await import(pathToFileURL(probeFile).href)).sdkProbe(JSON.parse(/** @type {string} */ (probeConfig)))
  : undefined;

/** @type {Record<string, number[]>} milliseconds per invocation, by event name */
const durations = {};
/** @type {Record<string, number>} */
const statuses = {};
/** @type {Record<string, { invocations: number; bytes: number; capacity: Record<string, number> }>} by event name */
const output = {};
for (const { name, event, times = 1, probe: call, capture = false } of events) {
  for (let i = 0; i < times; i += 1) {
    captured = capture ? [] : undefined;
    const started = performance.now();
    const result = await handler(event, context);
    (durations[name] ??= []).push(performance.now() - started);
    if (captured) keep((output[name] ??= { invocations: 0, bytes: 0, capacity: {} }), captured);
    captured = undefined;
    // A proxy response's status; a stream consumer's answer, by the records it reports failed.
    const outcome = result?.batchItemFailures ? `${result.batchItemFailures.length} failed` : result?.statusCode;
    const key = `${name} ${outcome}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (probe && call) {
      // The paired request's own time, without the probe's parsing and checks around it.
      (durations[`${name}:sdk`] ??= []).push(await probe[call](name));
    }
  }
}
process.stdout.write(
  `${JSON.stringify({
    loadStartedMs: loadStarted,
    loadedMs: loaded,
    answeredMs: performance.now(),
    durations,
    statuses,
    output,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
process.exit(0);

/**
 * Adds one invocation's writes to `into`: their bytes, and the `ConsumedCapacity` of each EMF document
 * among them (one per DynamoDB operation and request, its `operation` dimension naming it).
 * @param {{ invocations: number; bytes: number; capacity: Record<string, number> }} into
 * @param {unknown[]} chunks
 */
function keep(into, chunks) {
  const text = chunks
    .map((chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(/** @type {Uint8Array} */ (chunk)).toString()))
    .join('');
  into.invocations += 1;
  into.bytes += Buffer.byteLength(text);
  for (const line of text.split('\n')) {
    if (!line.includes('"_aws"') || !line.includes('"ConsumedCapacity"')) continue;
    const document = JSON.parse(line);
    if (typeof document.ConsumedCapacity !== 'number' || typeof document.operation !== 'string')
      throw new Error(`An EMF document with ConsumedCapacity but no operation or number: ${line}`);
    into.capacity[document.operation] = (into.capacity[document.operation] ?? 0) + document.ConsumedCapacity;
  }
}
