import type { Fields } from '@items-api/dynamodb-records';
import type { AnyResource } from './resource.js';

/** The client's fields with the resource's computed ones derived from them. */
export function withComputedFields(resource: AnyResource, input: Fields): Fields {
  const computed = Object.entries<{ from(input: Fields): unknown }>(resource.computed ?? {});
  if (computed.length === 0) return input;
  return { ...input, ...Object.fromEntries(computed.map(([name, field]) => [name, field.from(input)])) };
}
