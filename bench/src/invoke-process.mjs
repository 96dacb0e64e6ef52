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
// followed each time by that bare SDK call, timed as `<name>:sdk`, so that the two pair up.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [handlerFile, eventsFile, probeFile, probeConfig] = process.argv.slice(2);
const events = JSON.parse(readFileSync(/** @type {string} */ (eventsFile), 'utf8'));
const context = {
  awsRequestId: 'bench',
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench',
  getRemainingTimeInMillis: () => 10_000,
};

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
for (const { name, event, times = 1, probe: call } of events) {
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    const result = await handler(event, context);
    (durations[name] ??= []).push(performance.now() - started);
    // A proxy response's status; a stream consumer's answer, by the records it reports failed.
    const outcome = result?.batchItemFailures ? `${result.batchItemFailures.length} failed` : result?.statusCode;
    const key = `${name} ${outcome}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (probe && call) {
      // The paired request's own time, without the probe's parsing and checks around it.
      (durations[`${name}:sdk`] ??= []).push(await probe[call]());
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
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
process.exit(0);
