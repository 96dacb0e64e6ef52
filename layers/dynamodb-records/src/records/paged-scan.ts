import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ListOptions, Page } from './record.js';
import { storeCall } from './store-errors.js';

/**
 * One page of a table keyed by `id`, in scan order. DynamoDB stops a Scan page at 1 MB, so this keeps
 * scanning until the page is full; it reads one record more than asked for to know whether another
 * page exists, so a next cursor never leads to an empty page. The cursor is opaque (see `cursor.ts`).
 * @throws InvalidCursorError for a cursor this never issued
 */
export async function scanPage<R extends { id: string }>(
  client: DynamoDbClient,
  tableName: string,
  { limit, cursor }: ListOptions,
  toRecord: (attributes: Record<string, unknown>) => R,
): Promise<Page<R>> {
  let startKey: AttributeMap | undefined = cursor === undefined ? undefined : toAttributes({ ...decodeCursor(cursor) });
  const items: R[] = [];
  do {
    const result = await storeCall(
      client.call<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Scan', {
        TableName: tableName,
        Limit: limit + 1 - items.length,
        ...(startKey && { ExclusiveStartKey: startKey }),
        ConsistentRead: true,
      }),
    );
    items.push(...(result.Items ?? []).map((attributes) => toRecord(fromAttributes(attributes))));
    startKey = result.LastEvaluatedKey;
  } while (startKey !== undefined && items.length <= limit);

  if (items.length <= limit) return { items };
  items.length = limit;
  return { items, nextCursor: encodeCursor({ id: items[limit - 1]!.id }) };
}
