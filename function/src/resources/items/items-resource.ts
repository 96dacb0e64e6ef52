import * as v from 'valibot';
import { defineResource, type InputOf } from '../resource.js';

/** The fields a client sets on an item (apart, so that the sample data can be typed by them). */
export const ITEM_FIELDS = {
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.examples(['Espresso cup'])),
  // Safe integers only, so the price survives JSON and DynamoDB unchanged.
  price: v.pipe(
    v.number(),
    v.safeInteger(),
    v.minValue(0),
    v.description('In the smallest unit of the currency (cents).'),
    v.examples([1250]),
  ),
  description: v.optional(v.pipe(v.string(), v.maxLength(2000), v.examples(['Porcelain, 80 ml'])), ''),
  // No default: an item without a category is left out of `byCategory`, and never empty, as DynamoDB
  // refuses an empty string as an index key.
  category: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1),
      v.maxLength(50),
      v.description('What kind of item it is; an item may have none.'),
      v.examples(['kitchen']),
    ),
  ),
};

export type ItemInput = InputOf<typeof ITEM_FIELDS>;

/** Items: what a shop sells. The resource the reference API served, with its body shapes. */
export const items = defineResource({
  name: 'items',
  entity: 'Item',
  description: 'What a shop sells.',
  fields: ITEM_FIELDS,
  // The items of one category, by price.
  indexes: { byCategory: { partition: 'category', sort: 'price' } },
  // Each item's changes are kept, and served at /items/{id}/history.
  history: true,
  // The reference API took the item wrapped in `item`; its clients still may.
  envelope: 'item',
});
