/** What a client may set on an item. */
export interface ItemInput {
  name: string;
  price: number;
  description: string;
}

/** An item as stored: the input plus what the store decides. */
export interface Item extends ItemInput {
  id: string;
  /** 1 when created, one more on every replace: what an HTTP `ETag` names. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A write's precondition (HTTP's `If-Match`), checked by DynamoDB in the write itself: the item's
 * version is one of these, or, with `'*'`, the item merely exists.
 */
export type VersionCondition = readonly number[] | '*';

export interface ListOptions {
  limit: number;
  /** An opaque cursor from a previous page's `nextCursor`. */
  cursor?: string | undefined;
}

export interface ItemPage {
  items: Item[];
  /** Present when more items remain after this page. */
  nextCursor?: string;
}

/** Everything the HTTP layer needs from storage; nothing of DynamoDB shows through. */
export interface ItemStore {
  create(input: ItemInput): Promise<Item>;
  /**
   * Creates at most one item per `idempotencyKey` while the key lives: a repeat with the same fields
   * returns the first item (`replayed`), even when the repeats run concurrently.
   * @throws IdempotencyKeyReusedError when the key was used with other fields
   */
  createOnce(input: ItemInput, idempotencyKey: string): Promise<{ item: Item; replayed: boolean }>;
  /** @throws ItemNotFoundError */
  get(id: string): Promise<Item>;
  /**
   * Replaces the client-set fields of an existing item and bumps its version; never creates.
   * @throws ItemNotFoundError without `ifMatch`; ItemVersionMismatchError when `ifMatch` does not hold
   */
  replace(id: string, input: ItemInput, ifMatch?: VersionCondition): Promise<Item>;
  /** @throws ItemNotFoundError without `ifMatch`; ItemVersionMismatchError when `ifMatch` does not hold */
  delete(id: string, ifMatch?: VersionCondition): Promise<void>;
  /** @throws InvalidCursorError */
  list(options: ListOptions): Promise<ItemPage>;
}
