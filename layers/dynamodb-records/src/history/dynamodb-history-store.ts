import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import type { Fields, ListOptions, Page } from '../records/record.js';
import { isDynamoDbError, storeCall, toStoreError } from '../records/store-errors.js';
import { leftBy, newWriteToken, WRITE_TOKEN_ATTRIBUTE } from '../records/write-token.js';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor.js';
import type { HistoryEntry, HistoryStore } from './history-entry.js';
import { CHANGE_ATTRIBUTE, historyKeyOf, RECORD_KEY_ATTRIBUTE, recordKeyOf } from './history-table.js';

export interface DynamoDbHistoryStoreOptions {
  client: DynamoDbClient;
  /** A table made by `historyTableDefinition`. */
  tableName: string;
}

// DynamoDB refuses a partition key over 2048 bytes: no record's history is kept under one.
const MAX_PARTITION_KEY_BYTES = 2048;

/**
 * Every resource's history in one DynamoDB table (see `historyTableDefinition`): an item per change, in
 * its record's partition, ordered by version. An entry is written once, whatever the number of times
 * its stream record is delivered; reads are strongly consistent.
 */
export class DynamoDbHistoryStore<F extends Fields = Fields> implements HistoryStore<F> {
  readonly #client: DynamoDbClient;
  readonly #tableName: string;

  constructor({ client, tableName }: DynamoDbHistoryStoreOptions) {
    this.#client = client;
    this.#tableName = tableName;
  }

  /**
   * `'written'` by the one call that wrote the entry, even when its answer was lost and the client's
   * retry found it there; `'duplicate'` for every other.
   * @throws StoreUnavailableError, StoreFailureError; RangeError for a version no key can hold
   */
  async append(resource: string, entry: HistoryEntry<F>): Promise<'written' | 'duplicate'> {
    const { version, type, at, record, changed } = entry;
    const key = historyKeyOf(resource, record.id, version, type);
    // Beside the entry, not in its record: lets a retried put tell its own write from another delivery's.
    const token = newWriteToken();
    try {
      await this.#client.call('PutItem', {
        TableName: this.#tableName,
        Item: toAttributes({ ...key, resource, id: record.id, version, type, at, record, changed, [WRITE_TOKEN_ATTRIBUTE]: token }),
        ConditionExpression: 'attribute_not_exists(#recordKey)',
        ExpressionAttributeNames: { '#recordKey': RECORD_KEY_ATTRIBUTE },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
      return 'written';
    } catch (error) {
      if (!isDynamoDbError(error, 'ConditionalCheckFailedException')) throw toStoreError(error);
      // The change is kept already: by this very put, whose answer was lost, or by a redelivery of its
      // stream record. Either way the entry stands once, as first written.
      return leftBy(error.item, token) ? 'written' : 'duplicate';
    }
  }

  /**
   * Like the records' lists, it keeps querying across DynamoDB's 1 MB pages until the page is full, and
   * reads one entry more than asked for, so a next cursor never leads to an empty page.
   * @throws InvalidCursorError; RangeError for a limit that is not a positive integer
   */
  async list(resource: string, id: string, { limit, cursor }: ListOptions): Promise<Page<HistoryEntry<F>>> {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A page's limit must be a positive integer; got ${limit}.`);
    const recordKey = recordKeyOf(resource, id);
    const after = cursor === undefined ? undefined : decodeHistoryCursor(cursor, recordKey);
    if (Buffer.byteLength(recordKey) > MAX_PARTITION_KEY_BYTES) return { items: [] };

    let startKey: AttributeMap | undefined = after === undefined ? undefined : toAttributes({ recordKey, change: after });
    const read: { entry: HistoryEntry<F>; change: string }[] = [];
    do {
      const result = await storeCall(
        this.#client.call<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Query', {
          TableName: this.#tableName,
          KeyConditionExpression: '#recordKey = :recordKey',
          ExpressionAttributeNames: { '#recordKey': RECORD_KEY_ATTRIBUTE },
          ExpressionAttributeValues: toAttributes({ ':recordKey': recordKey }),
          ScanIndexForward: true,
          ConsistentRead: true,
          Limit: limit + 1 - read.length,
          ...(startKey && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of result.Items ?? []) {
        const attributes = fromAttributes(item);
        read.push({ entry: entryFrom<F>(attributes), change: String(attributes[CHANGE_ATTRIBUTE]) });
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined && read.length <= limit);

    const items = read.slice(0, limit).map(({ entry }) => entry);
    return read.length <= limit ? { items } : { items, nextCursor: encodeHistoryCursor(recordKey, read[limit - 1]!.change) };
  }
}

function entryFrom<F extends Fields>({ version, type, at, record, changed }: Record<string, unknown>): HistoryEntry<F> {
  return { version, type, at, record, changed } as HistoryEntry<F>;
}
