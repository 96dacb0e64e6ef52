import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { ConfigurationError } from './errors.js';
import { decodeQueryCursor, encodeQueryCursor, type QueryIdentity, type QueryPosition } from './query-cursor.js';
import type { IndexDeclarations, Page, QueryOptions } from './record.js';
import { checkedKeyValue, inRange, isEmptyRange, type KeyValue, type SortRange, sortRange } from './sort-range.js';
import { storeCall } from './store-errors.js';

/** The table a query reads, and what it knows of its entity. */
export interface QueriedTable {
  tableName: string;
  entity: string;
  indexes: IndexDeclarations | undefined;
}

/**
 * One page of the records of one partition of a declared global secondary index, ordered by its sort
 * key (ascending, or descending with `order: 'desc'`), within the sort condition. Like the scan, it
 * keeps querying across DynamoDB's 1 MB pages until the page is full, and reads one record more than
 * asked for, so a next cursor never leads to an empty page. The cursor is bound to its query.
 *
 * Reads from a global secondary index are eventually consistent (DynamoDB refuses `ConsistentRead`
 * there): a record written a moment ago may not be listed yet, nor a change to it.
 * @throws ConfigurationError for an index the entity does not declare; InvalidCursorError for a cursor
 *   not issued for this query; RangeError or TypeError for a malformed limit, partition or sort condition
 */
export async function queryPage<R>(
  client: DynamoDbClient,
  { tableName, entity, indexes }: QueriedTable,
  options: QueryOptions,
  toRecord: (attributes: Record<string, unknown>) => R,
): Promise<Page<R>> {
  const { index: indexName, limit, cursor, order = 'asc' } = options;
  const index = Object.hasOwn(indexes ?? {}, indexName) ? indexes![indexName] : undefined;
  if (!index) throw new ConfigurationError(`${entity} declares no index "${indexName}": declare it to query it.`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A page's limit must be a positive integer; got ${limit}.`);
  if (order !== 'asc' && order !== 'desc') throw new RangeError(`A query's order is asc or desc; got ${String(order)}.`);
  const partition = checkedKeyValue(options.partition, index.partition, indexName);
  const range = sortRange(options.sort, index.sort, indexName);
  const identity: QueryIdentity = { entity, index: indexName, partition, range, order };
  const position = cursor === undefined ? undefined : decodeQueryCursor(cursor, identity, index.sort?.type);
  if (isEmptyRange(range)) return { items: [] };

  const request = keyCondition(index, partition, range, order);
  let startKey: AttributeMap | undefined = position && startKeyOf(index, partition, position);
  const items: { record: R; position: QueryPosition }[] = [];
  let passedTheEnd = false;
  do {
    const result = await storeCall(
      client.call<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Query', {
        TableName: tableName,
        IndexName: indexName,
        ...request,
        ScanIndexForward: order === 'asc',
        Limit: limit + 1 - items.length,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    for (const item of result.Items ?? []) {
      const attributes = fromAttributes(item);
      const sort = index.sort && (attributes[index.sort.field] as KeyValue);
      // Records come in sort order, so the first one past the range's far end means no more follow.
      if (sort !== undefined && !inRange(range, sort)) {
        passedTheEnd = true;
        break;
      }
      items.push({ record: toRecord(attributes), position: { id: String(attributes.id), ...(sort !== undefined && { sort }) } });
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey !== undefined && !passedTheEnd && items.length <= limit);

  if (items.length <= limit) return { items: items.map(({ record }) => record) };
  return {
    items: items.slice(0, limit).map(({ record }) => record),
    nextCursor: encodeQueryCursor(identity, items[limit - 1]!.position),
  };
}

/**
 * The Query's key condition: the partition, and the sort range. DynamoDB takes one condition on the sort
 * key, and a FilterExpression may not name it, so a range with both ends is read as follows. The end
 * the read starts from (the lower one ascending, the upper one descending) is always exact in the key
 * condition, so DynamoDB never reads records before it: inclusive, `BETWEEN` it and the far end; exclusive,
 * `>` or `<` alone. The far end, when `BETWEEN` holds it inclusively but it is exclusive, or when `>`/`<`
 * leaves it out, is held in code: the read stops at the first record past it. What is read in vain is
 * then at most the last call's `Limit` (one page and one record), never every record that shares a
 * bound's value; checking a bound in code for every record instead would read all of those.
 */
function keyCondition(index: IndexDeclarations[string], partition: KeyValue, range: SortRange, order: 'asc' | 'desc') {
  const names: Record<string, string> = { '#pk': index.partition.field };
  const values: Record<string, KeyValue> = { ':pk': partition };
  let sortCondition: string | undefined;
  if (index.sort) names['#sk'] = index.sort.field;
  const { lower, upper, prefix } = range;
  if (prefix !== undefined) {
    sortCondition = 'begins_with(#sk, :prefix)';
    values[':prefix'] = prefix;
  } else if (lower && upper && (order === 'asc' ? lower : upper).inclusive) {
    sortCondition = '#sk BETWEEN :lower AND :upper';
    values[':lower'] = lower.value;
    values[':upper'] = upper.value;
  } else if (lower && (order === 'asc' || !upper)) {
    sortCondition = `#sk ${lower.inclusive ? '>=' : '>'} :lower`;
    values[':lower'] = lower.value;
  } else if (upper) {
    sortCondition = `#sk ${upper.inclusive ? '<=' : '<'} :upper`;
    values[':upper'] = upper.value;
  }
  // DynamoDB refuses a name the expression does not use.
  if (sortCondition === undefined) delete names['#sk'];
  return {
    KeyConditionExpression: sortCondition === undefined ? '#pk = :pk' : `#pk = :pk AND ${sortCondition}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: toAttributes(values),
  };
}

/** An index's `ExclusiveStartKey`: the table key and the index keys of the last record returned. */
function startKeyOf(index: IndexDeclarations[string], partition: KeyValue, { id, sort }: QueryPosition): AttributeMap {
  return toAttributes({
    id,
    [index.partition.field]: partition,
    ...(index.sort && sort !== undefined && { [index.sort.field]: sort }),
  });
}
