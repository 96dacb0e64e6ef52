import { fromAttributes, toAttributes, type AttributeMap } from './attribute-values.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { DynamoDbClient } from './dynamodb-client.js';
import {
  ConfigurationError,
  IdempotencyKeyReusedError,
  ItemConflictError,
  ItemNotFoundError,
  ItemVersionMismatchError,
  StoreFailureError,
  StoreUnavailableError,
} from './errors.js';
import type { Item, ItemInput, ItemPage, ItemStore, ListOptions, VersionCondition } from './item.js';
import { isItemId, newItemId } from './item-id.js';
import { fieldsOf, newItem } from './new-item.js';
import { isDynamoDbError, storeCall, toStoreError } from './store-errors.js';
import { IDEMPOTENCY_EXPIRY_ATTRIBUTE } from './table-definition.js';

/** How long an `Idempotency-Key` is remembered: a day, as long as any client retries. */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 60 * 60;
/** Attempts at a keyed create when concurrent requests with the same key collide in DynamoDB. */
const KEYED_CREATE_ATTEMPTS = 5;
/** The most versions a write's condition can name (DynamoDB's limit for `IN`). */
export const MAX_CONDITION_VERSIONS = 100;
/** Why DynamoDB cancels a transaction when trying again can succeed. */
const RETRYABLE_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

export interface DynamoDbItemStoreOptions {
  client: DynamoDbClient;
  tableName: string;
  /** Where keyed creates are recorded (see `createOnce`). */
  idempotencyTableName?: string;
  /** Injected so tests can pin timestamps. */
  now?: () => Date;
  /** Injected so tests can make two creates race for one id. */
  newId?: () => string;
}

/**
 * Items in one DynamoDB table keyed by `id`. Every write is conditional, so a create never overwrites
 * and a replace or delete never touches (or resurrects) an absent item. Reads are strongly consistent:
 * a client reads back what it has just written.
 */
export class DynamoDbItemStore implements ItemStore {
  readonly #client: DynamoDbClient;
  readonly #tableName: string;
  readonly #idempotencyTableName: string | undefined;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(options: DynamoDbItemStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#idempotencyTableName = options.idempotencyTableName;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? newItemId;
  }

  async create(input: ItemInput): Promise<Item> {
    const item = newItem(input, this.#newId(), this.#now());
    await storeCall(
      this.#client.call('PutItem', { TableName: this.#tableName, Item: toAttributes(item), ConditionExpression: 'attribute_not_exists(id)' }),
      () => new ItemConflictError(item.id),
    );
    return item;
  }

  /**
   * The item and the record of its key are written in one transaction, each on the condition that it
   * is new (or, for the key, expired): two requests with one key can never both create. The loser
   * reads the record and answers as the first request did — or refuses when its fields differ.
   */
  async createOnce(input: ItemInput, idempotencyKey: string): Promise<{ item: Item; replayed: boolean }> {
    const keysTable = this.#idempotencyTableName;
    if (!keysTable) {
      throw new ConfigurationError('IDEMPOTENCY_TABLE_NAME is not set: it must name the table that records Idempotency-Keys.');
    }
    const fields = fieldsOf(input);
    for (let attempt = 1; ; attempt += 1) {
      const now = this.#now();
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const item = newItem(fields, this.#newId(), now);
      try {
        await this.#client.call('TransactWriteItems', {
          TransactItems: [
            { Put: { TableName: this.#tableName, Item: toAttributes(item), ConditionExpression: 'attribute_not_exists(id)' } },
            {
              Put: {
                TableName: keysTable,
                Item: toAttributes({ key: idempotencyKey, input: fields, item, [IDEMPOTENCY_EXPIRY_ATTRIBUTE]: nowSeconds + IDEMPOTENCY_KEY_LIFETIME_SECONDS }),
                ConditionExpression: 'attribute_not_exists(#key) OR #expiresAt < :now',
                ExpressionAttributeNames: { '#key': 'key', '#expiresAt': IDEMPOTENCY_EXPIRY_ATTRIBUTE },
                ExpressionAttributeValues: toAttributes({ ':now': nowSeconds }),
              },
            },
          ],
        });
        return { item, replayed: false };
      } catch (error) {
        if (!isDynamoDbError(error, 'TransactionCanceledException')) throw toStoreError(error);
        const [itemReason, keyReason] = error.cancellationReasons.map((reason) => reason.Code);
        if (keyReason === 'ConditionalCheckFailed') {
          const first = await this.#keyRecord(keysTable, idempotencyKey, nowSeconds);
          if (first) {
            if (!sameFields(first.input, fields)) throw new IdempotencyKeyReusedError();
            return { item: toItem(first.item), replayed: true };
          }
          // Else the record expired in between: try again.
        } else if (itemReason === 'ConditionalCheckFailed') {
          throw new ItemConflictError(item.id);
        } else if (!error.cancellationReasons.some((reason) => RETRYABLE_CANCELLATIONS.has(reason.Code ?? ''))) {
          // A validation error or a size limit: no retry would mend it.
          throw new StoreFailureError({ cause: error });
        }
        // A concurrent transaction on the same key, or throttling: try again, a bounded number of
        // times, with backoff.
        if (attempt >= KEYED_CREATE_ATTEMPTS) throw new StoreUnavailableError({ cause: error });
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * (0.5 + Math.random())));
      }
    }
  }

  async #keyRecord(table: string, key: string, nowSeconds: number): Promise<{ input: ItemInput; item: Record<string, unknown> } | undefined> {
    const result = await storeCall(this.#client.call<GetItemOutput>('GetItem', { TableName: table, Key: toAttributes({ key }), ConsistentRead: true }));
    const record = result.Item && fromAttributes(result.Item);
    if (!record || Number(record[IDEMPOTENCY_EXPIRY_ATTRIBUTE]) < nowSeconds) return undefined;
    return { input: record.input as ItemInput, item: record.item as Record<string, unknown> };
  }

  async get(id: string): Promise<Item> {
    if (!isItemId(id)) throw new ItemNotFoundError(id);
    const result = await storeCall(
      this.#client.call<GetItemOutput>('GetItem', { TableName: this.#tableName, Key: toAttributes({ id }), ConsistentRead: true }),
    );
    if (!result.Item) throw new ItemNotFoundError(id);
    return toItem(fromAttributes(result.Item));
  }

  async replace(id: string, input: ItemInput, ifMatch?: VersionCondition): Promise<Item> {
    const condition = writeCondition(id, ifMatch);
    const { name, price, description } = fieldsOf(input);
    const result = await storeCall(
      this.#client.call<{ Attributes?: AttributeMap }>('UpdateItem', {
        TableName: this.#tableName,
        Key: toAttributes({ id }),
        // Only the client-set fields, updatedAt and the version change; id and createdAt stay as created.
        UpdateExpression:
          'SET #name = :name, #price = :price, #description = :description, #updatedAt = :updatedAt, ' +
          '#version = if_not_exists(#version, :one) + :one',
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: {
          '#name': 'name',
          '#price': 'price',
          '#description': 'description',
          '#updatedAt': 'updatedAt',
          '#version': 'version',
        },
        ExpressionAttributeValues: toAttributes({
          ':name': name,
          ':price': price,
          ':description': description,
          ':updatedAt': this.#now().toISOString(),
          ':one': 1,
          ...condition.values,
        }),
        ReturnValues: 'ALL_NEW',
      }),
      condition.failure,
    );
    return toItem(fromAttributes(result.Attributes ?? {}));
  }

  async delete(id: string, ifMatch?: VersionCondition): Promise<void> {
    const condition = writeCondition(id, ifMatch);
    await storeCall(
      this.#client.call('DeleteItem', {
        TableName: this.#tableName,
        Key: toAttributes({ id }),
        ConditionExpression: condition.expression,
        ...(condition.usesVersion && { ExpressionAttributeNames: { '#version': 'version' } }),
        ...(Object.keys(condition.values).length > 0 && { ExpressionAttributeValues: toAttributes(condition.values) }),
      }),
      condition.failure,
    );
  }

  async list({ limit, cursor }: ListOptions): Promise<ItemPage> {
    let startKey: AttributeMap | undefined = cursor === undefined ? undefined : toAttributes({ ...decodeCursor(cursor) });
    const items: Item[] = [];
    // Scan pages stop at 1 MB, so keep scanning until the page is full. One item more than asked for
    // tells whether another page exists, so a next cursor never leads to an empty page.
    do {
      const result = await storeCall(
        this.#client.call<{ Items?: AttributeMap[]; LastEvaluatedKey?: AttributeMap }>('Scan', {
          TableName: this.#tableName,
          Limit: limit + 1 - items.length,
          ...(startKey && { ExclusiveStartKey: startKey }),
          ConsistentRead: true,
        }),
      );
      items.push(...(result.Items ?? []).map((record) => toItem(fromAttributes(record))));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined && items.length <= limit);

    if (items.length <= limit) return { items };
    items.length = limit;
    return { items, nextCursor: encodeCursor({ id: items[limit - 1]!.id }) };
  }
}

/**
 * The condition of a replace or delete: the item exists and, with `ifMatch`, is at one of the given
 * versions — checked by DynamoDB in the write itself, so two writers can never both pass it. Throws
 * at once for ids the store never issues, and for an `ifMatch` that no version can meet.
 */
function writeCondition(id: string, ifMatch: VersionCondition | undefined) {
  // An id the store never issues names no item, whatever the condition.
  if (!isItemId(id)) throw new ItemNotFoundError(id);
  const mismatch = (): Error => (ifMatch === undefined ? new ItemNotFoundError(id) : new ItemVersionMismatchError(id));
  const versions = ifMatch === '*' || ifMatch === undefined ? [] : [...new Set(ifMatch)];
  if (ifMatch !== undefined && ifMatch !== '*' && versions.length === 0) throw mismatch();
  // DynamoDB's IN takes at most 100 values; the HTTP layer refuses longer lists before they get here.
  if (versions.length > MAX_CONDITION_VERSIONS) throw new RangeError(`At most ${MAX_CONDITION_VERSIONS} versions can be named.`);
  const values = Object.fromEntries(versions.map((version, i) => [`:v${i}`, version]));
  // An item written before versions existed has no version attribute and is at version 1.
  const unversioned = versions.includes(1) ? ' OR attribute_not_exists(#version)' : '';
  return {
    expression:
      versions.length === 0
        ? 'attribute_exists(id)'
        : `attribute_exists(id) AND (#version IN (${Object.keys(values).join(', ')})${unversioned})`,
    usesVersion: versions.length > 0,
    values,
    failure: mismatch,
  };
}

interface GetItemOutput {
  Item?: AttributeMap;
}

function sameFields(a: ItemInput, b: ItemInput): boolean {
  return a.name === b.name && a.price === b.price && a.description === b.description;
}

function toItem(record: Record<string, unknown>): Item {
  return {
    id: String(record.id),
    name: String(record.name),
    price: Number(record.price),
    description: typeof record.description === 'string' ? record.description : '',
    // Items written before versions existed are at their first.
    version: typeof record.version === 'number' ? record.version : 1,
    createdAt: String(record.createdAt),
    updatedAt: String(record.updatedAt),
  };
}
