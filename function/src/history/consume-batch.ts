import { type HistoryStore, historyEntryOf } from '@items-api/dynamodb-records';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../observability/logger.js';
import { forEachBounded } from './bounded.js';
import { processHistoryResource, type ResourceOfTable } from './history-tables.js';
import { type Placed, recordLanes } from './record-lanes.js';
import { resourceOfRecord } from './record-resource.js';
import { streamTableName } from './stream-table.js';

/** Where a failed or skipped record is told: Powertools' logger has both. */
export interface FailureLog {
  error(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface ConsumeOptions {
  /** Where each record not written is told, one line each: the process's logger by default. */
  log?: FailureLog;
  /** Which resource a table's records are; the process's environment by default. */
  resourceOf?: ResourceOfTable;
  /** Records of different ids written at once, at most. */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 8;

/**
 * Writes the history entry of each stream record of `event` (its resource from its table, its entry by
 * the layer's `historyEntryOf`) and answers the records not written, for Lambda's
 * `ReportBatchItemFailures`. A redelivered record is a `duplicate` the store does not write again, so a
 * batch, or its tail, can be retried as often as Lambda likes.
 */
export async function consumeBatch(
  event: DynamoDBStreamEvent,
  store: HistoryStore,
  { log = logger, resourceOf = processHistoryResource, concurrency = DEFAULT_CONCURRENCY }: ConsumeOptions = {},
): Promise<DynamoDBBatchResponse> {
  const failed: Placed[] = [];
  await forEachBounded(recordLanes(event.Records), concurrency, async (lane) => {
    for (const [position, placed] of lane.entries()) {
      try {
        await consumeRecord(placed.record, store, resourceOf);
      } catch (error) {
        failed.push(placed);
        log.error('History record not written', { ...identityOf(placed.record), reason: reasonOf(error), error });
        // The later changes of the same record wait for this one: written now, its history would show
        // a change whose predecessor is missing, until a retry wrote it (or for good, once Lambda's
        // retries ran out). They are reported too, though Lambda redelivers everything from the lowest
        // failed sequence number anyway: a record skipped is not done, and the answer must not say so.
        for (const skipped of lane.slice(position + 1)) {
          failed.push(skipped);
          log.warn('History record skipped', {
            ...identityOf(skipped.record),
            reason: `an earlier change of the same record (sequence number ${sequenceNumberOf(placed.record)}) was not written`,
          });
        }
        return;
      }
    }
  });
  failed.sort((a, b) => a.index - b.index);
  return { batchItemFailures: failed.map(({ record }) => ({ itemIdentifier: sequenceNumberOf(record) })) };
}

async function consumeRecord(record: DynamoDBRecord, store: HistoryStore, resourceOf: ResourceOfTable): Promise<void> {
  const { resource, declaration } = resourceOfRecord(record, resourceOf);
  await store.append(resource, historyEntryOf(record, declaration));
}

/**
 * Lambda checkpoints by sequence number. A record without one (never seen from DynamoDB Streams) is
 * reported with an empty identifier, which Lambda takes as the whole batch failing: retried, not lost.
 */
function sequenceNumberOf(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? '';
}

/** What finds the record in the stream and in the table, for the log line. */
function identityOf(record: DynamoDBRecord): Record<string, unknown> {
  return {
    sequenceNumber: record.dynamodb?.SequenceNumber,
    eventID: record.eventID,
    eventName: record.eventName,
    table: streamTableName(record.eventSourceARN),
    keys: record.dynamodb?.Keys,
  };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
