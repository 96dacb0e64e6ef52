import type { DeliveryStep } from './stream-delivery.js';
import type { DynamoDbStreamRecord } from './stream-event.js';

/**
 * One line per invocation of a stream consumer, or per discard, in the spirit of Lambda's platform
 * lines: a consumer that keeps up logs one line per batch besides its START/END/REPORT.
 * `source`: `HistoryFunction ← ItemsTable shardId-…`; `destination`: the on-failure queue's logical id.
 */
export function deliveryLine(source: string, step: DeliveryStep, destination: string | undefined, now = new Date()): string {
  const head = `${now.toISOString()} DynamoDB stream ${source}`;
  switch (step.kind) {
    case 'delivered':
      return `${head} delivered ${range(step.records)} RequestId: ${step.requestId}`;
    case 'partial': {
      const failed = step.records[step.retryFrom]!.dynamodb.SequenceNumber;
      return `${head} batch item failure at ${failed} of ${range(step.records)}: checkpointed before it, retrying from it RequestId: ${step.requestId}`;
    }
    case 'failed': {
      const next = { retry: 'retrying the batch', bisect: 'bisecting the batch', discard: 'retries exhausted' }[step.next];
      return `${head} ${range(step.records)} failed (${step.reason}): ${next} RequestId: ${step.requestId}`;
    }
    case 'discarded': {
      const where =
        step.unsent !== undefined
          ? `could not be sent to ${destination} (${step.unsent}), the on-failure message lost but for this line`
          : destination
            ? `sent to ${destination}`
            : 'bypassed (no on-failure destination)';
      return `${head} ${step.message.requestContext.condition}: ${range(step.records)} ${where}: ${JSON.stringify(step.message)}`;
    }
  }
}

function range(records: DynamoDbStreamRecord[]): string {
  const first = records[0]?.dynamodb.SequenceNumber;
  const last = records.at(-1)?.dynamodb.SequenceNumber;
  const noun = records.length === 1 ? 'record' : 'records';
  return first === last ? `1 ${noun} (${first})` : `${records.length} ${noun} (${first}…${last})`;
}
