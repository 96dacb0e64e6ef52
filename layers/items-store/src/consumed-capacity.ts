import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The capacity one DynamoDB call consumed on one table, as DynamoDB reports it. */
export interface CapacityUsage {
  /** The DynamoDB operation: `GetItem`, `TransactWriteItems`, `BatchWriteItem`… */
  operation: string;
  table: string;
  /** Read and write units together (DynamoDB's `CapacityUnits`). */
  capacityUnits: number;
}

export type CapacityListener = (usage: CapacityUsage) => void;

interface ReportedCapacity {
  TableName?: string;
  CapacityUnits?: number;
}

/**
 * Asks DynamoDB for `ReturnConsumedCapacity: TOTAL` on every call the client makes and hands what it
 * reports to `listener`, once per table (transactions and batches span tables). An SDK middleware,
 * so that the store's own calls stay as they are; asking costs no capacity.
 */
export function reportConsumedCapacity(client: DynamoDBDocumentClient, listener: CapacityListener): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const reported = (result.output as { ConsumedCapacity?: ReportedCapacity | ReportedCapacity[] }).ConsumedCapacity;
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      for (const { TableName, CapacityUnits } of [reported ?? []].flat()) {
        if (CapacityUnits !== undefined) listener({ operation, table: TableName ?? '', capacityUnits: CapacityUnits });
      }
      return result;
    },
    { step: 'initialize', name: 'reportConsumedCapacity' },
  );
}
