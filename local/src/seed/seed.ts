import { pathToFileURL } from 'node:url';
import { standInAwsVariables } from '@items-api/dynamodb-local/stand-in-aws';
import { RESOURCE_TABLES, type ResourceTable } from '@items-api/function/resources';
import { readLocalConfig } from '../launchers/local-config.js';
import { parseSeedArgs, SEED_USAGE, type SeedArgs, UsageError } from './seed-args.js';
import { count, type SeedProgress, seedProgress } from './seed-progress.js';
import { seedRecords, seedSummary } from './seed-records.js';
import { isLoopback, openSeedTarget, type SeedTarget } from './seed-target.js';

// `npm run seed -- [--resource NAME] --count N`: N sample records of a resource written through the store's batch path, into the
// DynamoDB that AWS_ENDPOINT_URL_DYNAMODB names, or else into npm start's DynamoDB Local (the running
// one, or one started here on the same data directory and stopped after), with a progress bar on a
// terminal and the consumed capacity at the end.

export interface SeedIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * The whole command: arguments, target, load, summary. Resolves with the exit code: 0 when every record
 * was written, 1 when the load or its set-up failed, 2 for a command line it cannot run. Ctrl-C
 * (or SIGTERM, SIGHUP) stops the bar, says how far the load got, stops a DynamoDB Local started here
 * and exits at once (130, 143, 129).
 */
export async function runSeed(argv: readonly string[], io: SeedIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: SeedArgs;
  try {
    args = parseSeedArgs(
      argv,
      RESOURCE_TABLES.map((table) => table.name),
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`seed: ${error.message}\n\n${SEED_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(SEED_USAGE);
    return 0;
  }

  const table: ResourceTable = RESOURCE_TABLES.find((candidate) => candidate.name === args.resource)!;
  const noun = table.name;
  let target: SeedTarget | undefined;
  let progress: SeedProgress | undefined;
  let written = 0;
  let interrupted = false;
  // Once the load is over, a signal changes nothing: the DynamoDB Local started here is being stopped.
  let finishing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted || finishing) return;
    interrupted = true;
    progress?.stop();
    io.stderr.write(
      `\n${signal}: stopped after ${count(written)} of ${count(args.count)} ${noun}${target ? `, written into ${target.where}` : ''}.\n`,
    );
    void (target?.stop() ?? Promise.resolve()).finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15)));
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, onSignal);
  try {
    const config = readLocalConfig();
    const tableName = config.resourceTables.find(({ variable }) => variable === table.tableVariable)!.tableName;
    target = await openSeedTarget(config, tableName, (line) => io.stdout.write(`${line}\n`));
    if (isLoopback(target.endpoint)) {
      // DynamoDB Local takes any credentials and region; stand-ins where none are set, as npm start does.
      Object.assign(process.env, standInAwsVariables());
    }
    io.stdout.write(`Writing ${count(args.count)} ${noun} into ${target.where} …\n`);
    const bar = seedProgress(args.count, io.stderr);
    progress = { update: (records) => bar.update((written = records)), stop: () => bar.stop() };
    const result = await seedRecords(target, table, args.count, progress);
    progress.stop();
    if (interrupted) return await new Promise<never>(() => undefined);
    io.stdout.write(seedSummary(result, args.count, target.where, noun));
    return result.error === undefined ? 0 : 1;
  } catch (error) {
    progress?.stop();
    if (interrupted) return await new Promise<never>(() => undefined);
    io.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (!interrupted) {
      finishing = true;
      await target?.stop();
      if (target?.ownsDynamoDbLocal) io.stdout.write('Stopped DynamoDB Local.\n');
      for (const signal of signals) process.off(signal, onSignal);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // The SDK's notice that its 2027 releases need Node 22 concerns this machine, not the load.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await runSeed(process.argv.slice(2));
}
