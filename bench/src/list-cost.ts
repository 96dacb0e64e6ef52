import { createDynamoDbClient, DynamoDbRecordStore, environmentCredentials } from '@items-api/dynamodb-records';
import { itemsTable } from '@items-api/function/resources';
import type { SetupClients } from './bench-tables.js';
import { seededTable } from './bench-tables.js';

export interface ListCostResult {
  tableItems: number;
  /** Read capacity units DynamoDB reports for one page of 100 (the store's own calls, summed). */
  capacityPerPage: number;
  /** DynamoDB calls the store made for that page. */
  callsPerPage: number;
}

/**
 * The store's list call on tables of each size, with the capacity of every call it makes reported:
 * a page of 100 should cost the same whatever the table holds.
 */
export async function measureListCost(clients: SetupClients, endpoint: string, region: string, sizes: number[]): Promise<ListCostResult[]> {
  const results: ListCostResult[] = [];
  for (const size of sizes) {
    const { tableName } = await seededTable(clients, 'bench-list', size);
    let capacity = 0;
    let calls = 0;
    const documents = createDynamoDbClient(
      { endpoint, region, credentials: environmentCredentials() },
      {
        onConsumedCapacity: ({ capacityUnits }) => {
          calls += 1;
          capacity += capacityUnits;
        },
      },
    );
    const store = new DynamoDbRecordStore(itemsTable.declaration, { client: documents, tableName });
    // A page from the middle of the table: the second one.
    const first = await store.list({ limit: 100 });
    capacity = 0;
    calls = 0;
    await store.list({ limit: 100, ...(first.nextCursor && { cursor: first.nextCursor }) });
    results.push({ tableItems: size, capacityPerPage: capacity, callsPerPage: calls });
    documents.destroy();
  }
  return results;
}
