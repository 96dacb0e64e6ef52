import type { DynamoDBRecord } from 'aws-lambda';

/** A stream record and its place in the batch. */
export interface Placed {
  record: DynamoDBRecord;
  index: number;
}

/**
 * The batch's records in lanes, one per record of the table (its key), each in the batch's order: a
 * lane must be written in order, and lanes are independent. A stream record without keys, which
 * cannot be told apart from any other, has a lane of its own.
 */
export function recordLanes(records: readonly DynamoDBRecord[]): Placed[][] {
  const lanes = new Map<string, Placed[]>();
  records.forEach((record, index) => {
    const keys = record.dynamodb?.Keys;
    const lane = keys ? `${record.eventSourceARN}\u0000${JSON.stringify(keys)}` : `\u0000${index}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), { record, index }]);
  });
  return [...lanes.values()];
}
