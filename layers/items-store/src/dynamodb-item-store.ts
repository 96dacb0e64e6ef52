import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from './cursor.js';
import { ItemConflictError, ItemNotFoundError } from './errors.js';
import type { Item, ItemInput, ItemPage, ItemStore, ListOptions } from './item.js';
import { isItemId, newItemId } from './item-id.js';
import { storeCall } from './store-errors.js';

export interface DynamoDbItemStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
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
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(options: DynamoDbItemStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? newItemId;
  }

  async create(input: ItemInput): Promise<Item> {
    const now = this.#now().toISOString();
    const item: Item = { id: this.#newId(), ...fieldsOf(input), createdAt: now, updatedAt: now };
    await storeCall(
      this.#client.send(
        new PutCommand({ TableName: this.#tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
      ),
      () => new ItemConflictError(item.id),
    );
    return item;
  }

  async get(id: string): Promise<Item> {
    if (!isItemId(id)) throw new ItemNotFoundError(id);
    const result = await storeCall(
      this.#client.send(new GetCommand({ TableName: this.#tableName, Key: { id }, ConsistentRead: true })),
    );
    if (!result.Item) throw new ItemNotFoundError(id);
    return toItem(result.Item);
  }

  async replace(id: string, input: ItemInput): Promise<Item> {
    if (!isItemId(id)) throw new ItemNotFoundError(id);
    const { name, price, description } = fieldsOf(input);
    const result = await storeCall(
      this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: { id },
          // Only the client-set fields and updatedAt change; id and createdAt stay as created.
          UpdateExpression: 'SET #name = :name, #price = :price, #description = :description, #updatedAt = :updatedAt',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: {
            '#name': 'name',
            '#price': 'price',
            '#description': 'description',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':name': name,
            ':price': price,
            ':description': description,
            ':updatedAt': this.#now().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
      () => new ItemNotFoundError(id),
    );
    return toItem(result.Attributes ?? {});
  }

  async delete(id: string): Promise<void> {
    if (!isItemId(id)) throw new ItemNotFoundError(id);
    await storeCall(
      this.#client.send(
        new DeleteCommand({ TableName: this.#tableName, Key: { id }, ConditionExpression: 'attribute_exists(id)' }),
      ),
      () => new ItemNotFoundError(id),
    );
  }

  async list({ limit, cursor }: ListOptions): Promise<ItemPage> {
    let startKey: Record<string, unknown> | undefined = cursor === undefined ? undefined : { ...decodeCursor(cursor) };
    const items: Item[] = [];
    // Scan pages stop at 1 MB, so keep scanning until the page is full. One item more than asked for
    // tells whether another page exists, so a next cursor never leads to an empty page.
    do {
      const result = await storeCall(
        this.#client.send(
          new ScanCommand({
            TableName: this.#tableName,
            Limit: limit + 1 - items.length,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        ),
      );
      items.push(...(result.Items ?? []).map(toItem));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined && items.length <= limit);

    if (items.length <= limit) return { items };
    items.length = limit;
    return { items, nextCursor: encodeCursor({ id: items[limit - 1]!.id }) };
  }
}

function fieldsOf(input: ItemInput): ItemInput {
  return { name: input.name, price: input.price, description: input.description };
}

function toItem(record: Record<string, unknown>): Item {
  return {
    id: String(record.id),
    name: String(record.name),
    price: Number(record.price),
    description: typeof record.description === 'string' ? record.description : '',
    createdAt: String(record.createdAt),
    updatedAt: String(record.updatedAt),
  };
}
