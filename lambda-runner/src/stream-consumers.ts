import { jsonLinesQueue } from './failure-destination.js';
import type { FunctionDefinition, StreamConsumerDefinition } from './sam-template.js';
import type { StreamInvoker } from './stream-delivery.js';
import { type StreamMapping, startStreamMapping } from './stream-mapping.js';
import type { StreamConnection } from './stream-source.js';

export interface StreamMappingsOptions {
  /** The table each mapping's `tableLogicalId` stands for locally, by logical id. */
  tables: Record<string, string>;
  /** Where the tables' streams are read. */
  connection: StreamConnection;
  /** An on-failure queue is written as `<failureDestinationDir>/<QueueLogicalId>.jsonl`. */
  failureDestinationDir: string;
  /**
   * What runs a consumer: the pool of its execution environments, or its handler in this process.
   * Asked once per function, before its mappings start.
   */
  invokerOf: (definition: FunctionDefinition) => StreamInvoker | Promise<StreamInvoker>;
  log: (line: string) => void;
  /** The wait before a retry of a failed batch (see `defaultRetryDelayMs`). */
  retryDelayMs?: (retry: number) => number;
}

export type StartedStreamMapping = StreamMapping & { functionLogicalId: string; eventId: string };

/**
 * Starts each enabled mapping of `consumers` (see `startStreamMapping`), in their order, a disabled one
 * only logged. When one cannot start (a table with no local name, a table without a stream), those
 * started are stopped and the error thrown.
 */
export async function startStreamMappings(
  consumers: StreamConsumerDefinition[],
  options: StreamMappingsOptions,
): Promise<StartedStreamMapping[]> {
  const started: StartedStreamMapping[] = [];
  try {
    for (const consumer of consumers) {
      const invoke = await options.invokerOf(consumer.function);
      for (const definition of consumer.mappings) {
        const label = `${definition.functionLogicalId}.Events.${definition.eventId}`;
        if (!definition.enabled) {
          options.log(`${new Date().toISOString()} DynamoDB stream ${label}: disabled (Enabled: false), not started`);
          continue;
        }
        const tableName = options.tables[definition.tableLogicalId];
        if (!tableName) throw new Error(`${label} reads ${definition.tableLogicalId}, which has no local table name`);
        const queue = definition.onFailureDestination;
        const mapping = await startStreamMapping({
          definition,
          tableName,
          ...options.connection,
          invoke,
          ...(queue && { failureDestination: jsonLinesQueue(options.failureDestinationDir, queue) }),
          log: options.log,
          ...(options.retryDelayMs && { retryDelayMs: options.retryDelayMs }),
        });
        started.push(Object.assign(mapping, { functionLogicalId: definition.functionLogicalId, eventId: definition.eventId }));
      }
    }
  } catch (error) {
    await Promise.all(started.map((mapping) => mapping.stop()));
    throw error;
  }
  return started;
}
