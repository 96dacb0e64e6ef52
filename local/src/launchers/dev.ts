import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { openLocalDynamoDb } from '@items-api/dynamodb-local/local-dynamodb';
import { standInAwsVariables } from '@items-api/dynamodb-local/stand-in-aws';
import { stopProcess } from '@items-api/dynamodb-local/stop-process';
import { booleanSetting, listSetting, stringSetting } from '@items-api/dynamodb-records';
import { runServer, type ServerRun } from './dev-server.js';
import { readLocalConfig } from './local-config.js';
import { historyLine } from './local-history.js';
import { Shutdown } from './shutdown.js';

// `npm run dev`: `npm start` that reloads. DynamoDB Local (and its data) is started once and stays
// up; the API's Node server runs in a child process, started anew on every change to the sources it
// is made of; the type checker watches beside it. A syntax or type error is printed, and nothing stops.

/** What the API is made of: a change here reloads it. `DEV_WATCH` (comma-separated) adds folders. */
const SOURCES = ['function/src', 'layers/dynamodb-records/src'];
/** The API's Node server with the history consumer beside it (see dev-entry.ts). */
const SERVER_ENTRY = 'local/src/launchers/dev-entry.ts';
/** Changes that come together (an editor's save, a checkout) make one reload. */
const SETTLE_MS = 40;

const shutdown = new Shutdown();
try {
  const config = readLocalConfig();
  const dynamoDb = await openLocalDynamoDb(config, (line) => console.log(line));
  shutdown.onStop(() => dynamoDb.stop());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...standInAwsVariables(),
    AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
    IDEMPOTENCY_TABLE_NAME: config.idempotencyTableName,
    HISTORY_TABLE_NAME: config.historyTableName,
    ...Object.fromEntries(config.resourceTables.map(({ variable, tableName }) => [variable, tableName])),
  };
  const entry = stringSetting(process.env, 'DEV_SERVER_ENTRY') ?? SERVER_ENTRY;
  const watched = [...SOURCES.map((dir) => join(PROJECT_ROOT, dir)), ...listSetting(process.env, 'DEV_WATCH')];

  let server: ServerRun | undefined;
  // Set first thing on Ctrl-C: no reload may start a server after the one running is stopped.
  let stopping = false;
  shutdown.onStop(async () => server?.stop());
  const start = async (reason: string): Promise<void> => {
    if (stopping) return;
    const started = performance.now();
    await server?.stop();
    server = runServer(entry, PROJECT_ROOT, env);
    const result = await server.ready;
    if ('failure' in result) {
      console.log(`\n✗ The API did not start (${reason}); fix it and save, it reloads then:\n${result.failure}\n`);
    } else if (reason === 'start') {
      console.log(`
Items API   ${result.url}   (reloads on a change under ${SOURCES.join(', ')})
  items     ${result.url}items
  Swagger   ${result.url}docs
DynamoDB    ${dynamoDb.endpoint} (tables ${config.resourceTables.map((table) => table.tableName).join(', ')}; kept across reloads)${historyLine(config)}
Ctrl-C stops the API${dynamoDb.ownsDynamoDbLocal ? ' and DynamoDB Local' : ''}.`);
    } else {
      console.log(`↻ ${reason}: reloaded in ${Math.round(performance.now() - started)} ms`);
    }
  };

  // One reload at a time; changes during one make one more after it.
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let reloading = Promise.resolve();
  const changed = (file: string): void => {
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending = new Set();
      reloading = reloading
        .then(() => start(`changed ${files.join(', ')}`))
        .catch((error: unknown) => console.log(`✗ The reload failed: ${error instanceof Error ? error.message : error}`));
    }, SETTLE_MS);
  };
  for (const dir of watched) {
    const watcher = watch(dir, { recursive: true }, (_, name) => {
      // Sources only; a test file is the type checker's, not the server's.
      if (name && /\.(ts|mts|mjs|js|json)$/.test(name) && !/\.test\.ts$/.test(name)) changed(relative(PROJECT_ROOT, join(dir, name)));
    });
    // A watcher that fails (a folder gone, the system's watch limit) stops everything, cleanly.
    watcher.on('error', (error) => void shutdown.fail(error));
    shutdown.onStop(async () => watcher.close());
  }
  await start('start');

  if (booleanSetting(process.env, 'DEV_TYPECHECK', true)) {
    // The project's own type checker, watching: it prints errors as they come and go.
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const project = stringSetting(process.env, 'DEV_TSCONFIG') ?? join(PROJECT_ROOT, 'tsconfig.json');
    const checker = spawn(process.execPath, [tsc, '--watch', '--noEmit', '--preserveWatchOutput', '-p', project], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    checker.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`tsc │ ${line}`);
    });
    checker.on('error', (error) => void shutdown.fail(error));
    shutdown.onStop(() => stopProcess(checker));
  }
  // Registered last, so run first when stopping (see `Shutdown`).
  shutdown.onStop(async () => {
    stopping = true;
    clearTimeout(timer);
    await reloading;
  });
} catch (error) {
  await shutdown.fail(error);
}
