import { type CapturedOutput, captureOutput } from '@items-api/test-support/captured-output';
import { TEST_REGION } from '@items-api/test-support/dynamodb';
import { emfDocumentsOf, logLinesOf } from '@items-api/test-support/emf';
import { useHistoryTable } from '@items-api/test-support/history-table';
import { useItemsTable } from '@items-api/test-support/items-table';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemStreamRecords } from './test-stream-records.js';

// HistoryFunction's handler as Lambda runs it: its environment, its store made at init from it, two
// invocations of one execution environment; logs and metrics read off the process's output.
const items = useItemsTable('history-entry');
const history = useHistoryTable('history-entry');
const { streamRecord, created } = itemStreamRecords(items, TEST_REGION);
let output: CapturedOutput;
let handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

const context = (awsRequestId: string): Context =>
  ({
    awsRequestId,
    functionName: 'items-api-HistoryFunction',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:items-api-HistoryFunction',
    memoryLimitInMB: '256',
  }) as Context;

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: items.name,
    HISTORY_TABLE_NAME: history.name,
    AWS_ENDPOINT_URL_DYNAMODB: items.endpoint,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  });
  output = captureOutput();
  ({ handler } = await import('../entry/history-consumer.js'));
});
afterAll(() => output.restore());

describe('HistoryFunction', () => {
  it("writes a batch's entries to the table HISTORY_TABLE_NAME names, reports what it could not, and logs it with the invocation's context", async () => {
    const item = await created('Milk jug');
    // A REMOVE without its old image: nothing to tell of the record it removed.
    const malformed = streamRecord('REMOVE', {});
    const event = { Records: [item.record, malformed] };

    const first = await handler(event, context('request-1'));
    const again = await handler(event, context('request-2'));

    expect(first).toEqual({ batchItemFailures: [{ itemIdentifier: malformed.dynamodb?.SequenceNumber }] });
    expect(again).toEqual(first);
    const entries = await history.store().list('items', item.id, { limit: 10 });
    expect(entries.items.map(({ type, version }) => [type, version])).toEqual([['created', 1]]);
    const failures = logLinesOf(output).filter((line) => line.message === 'History record not written');
    expect(failures.map((line) => line.function_request_id)).toEqual(['request-1', 'request-2']);
    expect(failures[0]).toMatchObject({
      level: 'ERROR',
      function_name: 'items-api-HistoryFunction',
      cold_start: true,
      sequenceNumber: malformed.dynamodb?.SequenceNumber,
      reason: expect.stringContaining('MalformedStreamRecordError'),
    });
  });

  it("keeps its context off the process's logger, which the API logs with where both run in one process (npm start)", async () => {
    const { logger } = await import('../observability/logger.js');
    logger.warn('An API line');
    const line = logLinesOf(output).find(({ message }) => message === 'An API line');
    expect(line).toBeDefined();
    expect(line).not.toHaveProperty('function_name');
    expect(line).not.toHaveProperty('function_request_id');
  });

  it('counts one cold start, on the first invocation', () => {
    const coldStarts = emfDocumentsOf(output).filter((document) => 'ColdStart' in document);
    expect(coldStarts).toEqual([expect.objectContaining({ function_name: 'items-api-HistoryFunction', ColdStart: 1 })]);
  });
});
