import type { Item, ItemInput } from './item.js';

/** Only the fields a client sets, whatever else `input` carries. */
export function fieldsOf(input: ItemInput): ItemInput {
  return { name: input.name, price: input.price, description: input.description };
}

/** An item as every create makes it: the given id, version 1, created and updated `at`. */
export function newItem(input: ItemInput, id: string, at: Date): Item {
  const now = at.toISOString();
  return { id, ...fieldsOf(input), version: 1, createdAt: now, updatedAt: now };
}
