import { relative } from 'node:path';
import { TEMPLATE_FILE } from '@items-api/build/artifacts';
import { standInAws } from '@items-api/dynamodb-local/stand-in-aws';
import { inProcessInvoker, readStreamConsumers, type StreamMapping, startStreamMappings } from '@items-api/lambda-runner';
import type { LocalConfig } from './local-config.js';

/** The template's values for what the stream mappings name: each table and the history table, by logical id. */
export function localTableResources(config: LocalConfig): Record<string, string> {
  return {
    ...Object.fromEntries(config.resourceTables.map(({ logicalId, tableName }) => [logicalId, tableName])),
    IdempotencyTable: config.idempotencyTableName,
    HistoryTable: config.historyTableName,
  };
}

/**
 * What `npm start` and `npm run dev` run beside the API: each of the template's stream mappings, as
 * `npm run start:lambda` runs them (batches, failures, retries, bisection, the on-failure queue in
 * `config.queuesDir`), delivering to the consumer's handler in this process rather than to its zip.
 * The handler reads its tables from this process's environment, which the launcher has set.
 */
export async function startLocalHistory(config: LocalConfig, endpoint: string, log: (line: string) => void): Promise<StreamMapping[]> {
  const aws = standInAws();
  const tables = localTableResources(config);
  const consumers = await readStreamConsumers(TEMPLATE_FILE, { resources: tables, region: aws.region });
  if (consumers.length === 0) return [];
  // Imported only when a resource keeps history: its module sets up its logger and store at import.
  const { handler } = await import('@items-api/function/history-consumer');
  return startStreamMappings(consumers, {
    tables,
    connection: { endpoint, region: aws.region, credentials: aws.credentials },
    failureDestinationDir: config.queuesDir,
    invokerOf: (definition) =>
      inProcessInvoker(handler, {
        functionName: definition.logicalId,
        region: aws.region,
        timeoutSeconds: definition.timeoutSeconds,
        memorySizeMb: definition.memorySizeMb,
      }),
    log,
  });
}

/** The launchers' line on the history consumer: what it reads and where what fails for good goes. */
export function historyLine(config: LocalConfig): string {
  const streams = config.resourceTables.filter(({ stream }) => stream).map(({ tableName }) => tableName);
  if (streams.length === 0) return '';
  return `\nHistory     ${streams.join(', ')} streamed to ${config.historyTableName}; what fails for good goes to ${relative(process.cwd(), config.queuesDir) || '.'}/<queue>.jsonl`;
}
