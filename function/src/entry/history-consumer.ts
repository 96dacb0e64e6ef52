import { HISTORY_TABLE_VARIABLE, lazyDynamoDbClient, lazyHistoryStore } from '@items-api/dynamodb-records';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readObservabilityConfig } from '../config/observability-config.js';
import { consumeBatch } from '../history/consume-batch.js';
import { createLogger } from '../observability/logger.js';
import { RequestMetrics } from '../observability/request-metrics.js';

// HistoryFunction: the streams of the tables of resources that keep history, into the history table.
// Built once per execution environment, at init, without the app or anything of HTTP; the store reads
// its table and makes its client on the first record.
const store = lazyHistoryStore({ client: lazyDynamoDbClient(), tableVariable: HISTORY_TABLE_VARIABLE });
const metrics = new RequestMetrics(readObservabilityConfig());
// A logger of its own, not the process's: where the consumer runs beside the API in one process
// (`npm start`), the context added below must not show on the API's lines.
const logger = createLogger();

/**
 * A batch of DynamoDB stream records (one shard's, in order). The records not written are answered as
 * batch item failures (the event source mapping's `ReportBatchItemFailures`), and Lambda retries from
 * the first of them; every line logged carries the invocation's context.
 */
export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  logger.addContext(context);
  metrics.coldStart(context.functionName);
  return consumeBatch(event, store, { log: logger });
};
