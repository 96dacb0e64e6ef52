import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_DIR, HISTORY_FUNCTION_ID, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { STAND_IN_CREDENTIALS } from '@items-api/dynamodb-local/stand-in-aws';
import { ensureHistoryTable, ensureRecordsTable } from '@items-api/dynamodb-local/tables';
import { itemsTable } from '@items-api/function/resources';
import { inProcessInvoker, readStreamConsumers, type StreamHandler, startLambdaRunner, startStreamMapping } from '@items-api/lambda-runner';
import { localFunctionEnvironment } from '@items-api/local/local-function-environment';
import { benchTemplateTables, type SetupClients } from './bench-tables.js';
import { type LagResult, measureHistoryLag } from './history-lag.js';

export interface LagPlan {
  writes: number;
  paceMs: number;
  pollMs: number;
}

export interface HistoryLag {
  /** The mapping run in this process, invoking HistoryFunction's handler here from its sources (as `npm start`). */
  inProcess: LagResult;
  /** The runner's mapping, invoking HistoryFunction from its zip in an execution environment (as `npm run start:lambda`). */
  runner: LagResult;
  plan: LagPlan;
}

const TIMEOUT_MS = 10_000;

/** The lag both ways, each on tables of its own (a stream read from its start, a history table that is empty). */
export async function measureHistoryLags(clients: SetupClients, endpoint: string, region: string, plan: LagPlan): Promise<HistoryLag> {
  return { inProcess: await inProcessLag(clients, endpoint, region, plan), runner: await runnerLag(clients, endpoint, region, plan), plan };
}

async function lagTables(clients: SetupClients, mode: string) {
  const tables = benchTemplateTables(`bench-lag-${mode}-${randomUUID().slice(0, 8)}`);
  await ensureRecordsTable(clients.dynamoDb, tables.ItemsTable!, itemsTable.declaration.indexes, { stream: true });
  await ensureHistoryTable(clients.dynamoDb, tables.HistoryTable!);
  return tables;
}

/** The log of a mapping or runner: kept, to tell why a run failed, not printed. */
function quietLog(): { log: (line: string) => void; tail: () => string } {
  const lines: string[] = [];
  return { log: (line) => void lines.push(line), tail: () => lines.slice(-20).join('\n') };
}

/** The lag on `tables`, with what consumes their stream running; a failure carries the last lines of its log. */
async function lagOn(
  clients: SetupClients,
  tables: Awaited<ReturnType<typeof lagTables>>,
  plan: LagPlan,
  log: { of: string; tail: () => string },
): Promise<LagResult> {
  try {
    return await measureHistoryLag({
      clients,
      tableName: tables.ItemsTable!,
      historyTableName: tables.HistoryTable!,
      timeoutMs: TIMEOUT_MS,
      ...plan,
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}\nThe ${log.of}'s last lines:\n${log.tail()}`, { cause: error });
  }
}

async function inProcessLag(clients: SetupClients, endpoint: string, region: string, plan: LagPlan): Promise<LagResult> {
  const tables = await lagTables(clients, 'in-process');
  const values = { resources: tables, region };
  const consumer = (await readStreamConsumers(TEMPLATE_FILE, values)).find((c) => c.function.logicalId === HISTORY_FUNCTION_ID)!;
  // The function's variables in this process, as `npm start` would set them; its ColdStart metric (an
  // EMF line on stdout) not printed among the benchmark's tables.
  const saved = { ...process.env };
  Object.assign(process.env, consumer.function.environment, localFunctionEnvironment(endpoint), { POWERTOOLS_METRICS_DISABLED: 'true' });
  const { log, tail } = quietLog();
  try {
    // The handler from its sources, as `npm start` runs it (the built bundle imports the layer's
    // dependencies entry, which only a Lambda sandbox resolves).
    const { handler } = (await import('@items-api/function/history-consumer')) as { handler: StreamHandler };
    const mapping = await startStreamMapping({
      definition: consumer.mappings[0]!,
      tableName: tables.ItemsTable!,
      endpoint,
      region,
      credentials: STAND_IN_CREDENTIALS,
      invoke: inProcessInvoker(handler, { functionName: HISTORY_FUNCTION_ID, region, timeoutSeconds: consumer.function.timeoutSeconds }),
      log,
    });
    try {
      return await lagOn(clients, tables, plan, { of: 'in-process mapping', tail });
    } finally {
      await mapping.stop();
    }
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

async function runnerLag(clients: SetupClients, endpoint: string, region: string, plan: LagPlan): Promise<LagResult> {
  const tables = await lagTables(clients, 'runner');
  const queues = await mkdtemp(join(tmpdir(), 'items-api-bench-queues-'));
  const { log, tail } = quietLog();
  const runner = await startLambdaRunner({
    templateFile: TEMPLATE_FILE,
    zipsDir: BUILD_DIR,
    port: 0,
    values: { resources: tables, region },
    environment: localFunctionEnvironment(endpoint),
    streams: { endpoint, failureDestinationDir: queues, credentials: STAND_IN_CREDENTIALS },
    log,
  });
  try {
    return await lagOn(clients, tables, plan, { of: 'runner', tail });
  } finally {
    await runner.stop();
    await rm(queues, { recursive: true, force: true });
  }
}
