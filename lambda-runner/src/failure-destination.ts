import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Why Lambda gave up on records of a stream. */
export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * What Lambda sends an event source mapping's on-failure destination for records of a DynamoDB stream
 * it discards: their place in the stream, not the records ("Retain discarded records for a DynamoDB
 * event source in Lambda", https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html).
 */
export interface StreamFailureRecord {
  requestContext: {
    /** The last invocation's request id (a fresh one when the records were never sent). */
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  /** The last invocation's answer; absent when the records expired before any. */
  responseContext?: {
    statusCode: number;
    executedVersion: string;
    /** `Unhandled` when the function failed; absent when it answered with batch item failures. */
    functionError?: string;
  };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

/** Where a mapping sends what it discards: an SQS queue or SNS topic on AWS. */
export interface FailureDestination {
  send(record: StreamFailureRecord): Promise<void>;
}

/**
 * The local stand-in for an on-failure queue: `<dir>/<queue>.jsonl`, one message a line, appended in
 * the order sent; read it with `readFailureDestination`.
 */
export function jsonLinesQueue(dir: string, queue: string): FailureDestination {
  return {
    async send(record) {
      await mkdir(dir, { recursive: true });
      await appendFile(join(dir, `${queue}.jsonl`), `${JSON.stringify(record)}\n`);
    },
  };
}

/** The messages a local on-failure queue holds, oldest first; none when nothing was ever sent to it. */
export async function readFailureDestination(dir: string, queue: string): Promise<StreamFailureRecord[]> {
  let text: string;
  try {
    text = await readFile(join(dir, `${queue}.jsonl`), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as StreamFailureRecord);
}
