import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { WRITE_TOKEN_ATTRIBUTE } from '@items-api/dynamodb-records';

/**
 * Every item of a table, read page by page (a scan answers at most 1 MB at a time), as the store's
 * records: unmarshalled, with the store's own write token (by which it recognises a retried replace)
 * left out, as a client is never shown it.
 */
export async function storedRecords(client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const { [WRITE_TOKEN_ATTRIBUTE]: _token, ...record } = unmarshall(item);
      records.push(record);
    }
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return records;
}
