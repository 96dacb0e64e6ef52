import type { RecordDeclaration, StoredRecord } from './records/record.js';

// The layer's tests keep records of an entity of their own, so that they need nothing of the API
// that uses the layer. Not exported from the layer: it is for its tests only.

// A type, not an interface: a record's fields are a `Record<string, unknown>`, which only a type alias satisfies.
/** What a client sets on a widget: a name, a price in cents, and a description that defaults to ''. */
export type WidgetInput = { name: string; price: number; description: string };

export type Widget = StoredRecord<WidgetInput>;

/** Widgets, as a store is told of them; a widget stored before `description` existed reads it as ''. */
export const WIDGETS: RecordDeclaration<WidgetInput> = {
  entity: 'Widget',
  fields: ['name', 'price', 'description'],
  defaults: { description: '' },
};

/**
 * What a client sets on a product: a category (optional: a product without one is in no index keyed on
 * it), a price in cents, a SKU, and notes that default to ''.
 */
export type ProductInput = { name: string; category?: string | undefined; price: number; sku: string; notes: string };

export type Product = StoredRecord<ProductInput>;

/** Products, queried by category in price order or SKU order, and by price alone. */
export const PRODUCTS: RecordDeclaration<ProductInput> = {
  entity: 'Product',
  fields: ['name', 'category', 'price', 'sku', 'notes'],
  defaults: { notes: '' },
  indexes: {
    byCategoryPrice: { partition: { field: 'category', type: 'S' }, sort: { field: 'price', type: 'N' } },
    byCategorySku: { partition: { field: 'category', type: 'S' }, sort: { field: 'sku', type: 'S' } },
    byPrice: { partition: { field: 'price', type: 'N' } },
  },
};
