import { startServer } from '@items-api/function/server';
import { readLocalConfig } from './local-config.js';
import { startLocalHistory } from './local-history.js';

// `npm run dev`'s child process: the API's Node server and, beside it, the history consumer on the
// tables' streams, both from the sources, so that a change to either is picked up on the next reload.
// dev.ts has set the environment (tables, endpoint, credentials) and waits for the line below.

const config = readLocalConfig();
const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
if (!endpoint) throw new Error('npm run dev sets AWS_ENDPOINT_URL_DYNAMODB for its child; run it through npm run dev');
const history = await startLocalHistory(config, endpoint, (line) => console.log(line));
const running = await startServer();
console.log(`Items API listening on ${running.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([running.close(), ...history.map((mapping) => mapping.stop())]).then(() => process.exit(0));
  });
}
