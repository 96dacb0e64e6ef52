import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StreamMappingDefinition } from './stream-mapping-definition.js';

// What the stream tests share (not a test file itself): a mapping as the template reader makes one,
// and a table with a stream on DynamoDB Local.

/**
 * The mapping of `Consumer`'s event `Stream` on `Table` with Lambda's defaults for what a DynamoDB
 * event leaves out (startingPosition aside, which the template must give: LATEST here), then `overrides`.
 */
export function streamMapping(overrides: Partial<StreamMappingDefinition> = {}): StreamMappingDefinition {
  return {
    eventId: 'Stream',
    functionLogicalId: 'Consumer',
    tableLogicalId: 'Table',
    startingPosition: 'LATEST',
    batchSize: 100,
    maximumBatchingWindowInSeconds: 0,
    maximumRetryAttempts: -1,
    bisectBatchOnFunctionError: false,
    maximumRecordAgeInSeconds: -1,
    reportBatchItemFailures: false,
    enabled: true,
    ...overrides,
  };
}

/**
 * Creates `tableName` on DynamoDB Local, keyed by a string `id`, with a NEW_AND_OLD_IMAGES stream
 * (none with `stream: false`); the caller deletes it.
 */
export async function createTable(client: DynamoDBClient, tableName: string, { stream = true } = {}): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {}),
    }),
  );
}
