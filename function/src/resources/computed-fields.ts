import type { Fields, RecordStore } from '@items-api/dynamodb-records';
import type { AnyResource } from './resource.js';

/** The client's fields with the resource's computed ones derived from them. */
export function withComputedFields(resource: AnyResource, input: Fields): Fields {
  const computed = Object.entries<{ from(input: Fields): unknown }>(resource.computed ?? {});
  if (computed.length === 0) return input;
  return { ...input, ...Object.fromEntries(computed.map(([name, field]) => [name, field.from(input)])) };
}

/**
 * The resource's store as its routes use it: every write given the client's fields, its computed
 * fields derived then, so that no writer can store a record whose computed fields disagree with it.
 */
export function computingStore(resource: AnyResource, store: RecordStore<Fields>): RecordStore<Fields> {
  if (!resource.computed || Object.keys(resource.computed).length === 0) return store;
  const derive = (input: Fields) => withComputedFields(resource, input);
  return {
    create: (input) => store.create(derive(input)),
    createOnce: (input, key) => store.createOnce(derive(input), key),
    get: (id) => store.get(id),
    replace: (id, input, ifMatch) => store.replace(id, derive(input), ifMatch),
    delete: (id, ifMatch) => store.delete(id, ifMatch),
    list: (options) => store.list(options),
  };
}
