import type { DynamoDBRecord } from 'aws-lambda';
import type { HistoryResource, ResourceOfTable } from './history-tables.js';
import { streamTableName } from './stream-table.js';

/** A stream record of no table whose resource keeps history: nothing to write it as. */
export class UnmappedStreamRecordError extends Error {
  override readonly name = 'UnmappedStreamRecordError';
}

/**
 * The resource whose history a stream record belongs to, from the table its `eventSourceARN` names.
 * @throws UnmappedStreamRecordError, saying why, for a record of no such table
 */
export function resourceOfRecord(record: DynamoDBRecord, resourceOf: ResourceOfTable): HistoryResource {
  const table = streamTableName(record.eventSourceARN);
  if (table === undefined) {
    throw new UnmappedStreamRecordError(`its eventSourceARN ${JSON.stringify(record.eventSourceARN)} is no DynamoDB table's stream`);
  }
  const mapped = resourceOf(table);
  if ('refused' in mapped) throw new UnmappedStreamRecordError(mapped.refused);
  return mapped;
}
