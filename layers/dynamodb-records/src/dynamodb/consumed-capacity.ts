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
 * Hands what DynamoDB reports as `ConsumedCapacity` in a call's output to `listener`, once per table
 * (transactions and batches span tables). The client asks every call for `ReturnConsumedCapacity:
 * TOTAL` when it has a listener, so that the store's own calls stay as they are; asking costs no capacity.
 */
export function reportConsumedCapacity(operation: string, output: unknown, listener: CapacityListener): void {
  const reported = (output as { ConsumedCapacity?: ReportedCapacity | ReportedCapacity[] } | undefined)?.ConsumedCapacity;
  for (const { TableName, CapacityUnits } of [reported ?? []].flat()) {
    if (CapacityUnits !== undefined) listener({ operation, table: TableName ?? '', capacityUnits: CapacityUnits });
  }
}
