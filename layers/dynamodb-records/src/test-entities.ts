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
