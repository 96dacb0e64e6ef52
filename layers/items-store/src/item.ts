/** What a client may set on an item. */
export interface ItemInput {
  name: string;
  price: number;
  description: string;
}

/** An item as stored: the input plus what the store decides. */
export interface Item extends ItemInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

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
  /** @throws ItemNotFoundError */
  get(id: string): Promise<Item>;
  /** Replaces the client-set fields of an existing item; never creates. @throws ItemNotFoundError */
  replace(id: string, input: ItemInput): Promise<Item>;
  /** @throws ItemNotFoundError */
  delete(id: string): Promise<void>;
  /** @throws InvalidCursorError */
  list(options: ListOptions): Promise<ItemPage>;
}
