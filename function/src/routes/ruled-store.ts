import type { Fields, RecordStore } from '@items-api/dynamodb-records';
import { ProblemError, ProblemType } from '../http/problems.js';
import { withComputedFields } from '../resources/computed-fields.js';
import type { AnyResource } from '../resources/resource.js';

/**
 * The resource's store as its routes use it, generic or its own: every write's fields checked against
 * the resource's checks across fields (a 422 naming their fields, before anything is written), then
 * given its computed fields, derived there, so that no route can store a record that breaks a rule or
 * whose computed fields disagree with it. The generic routes' body schema runs the same checks first,
 * so that their 422 lists these with every other invalid field.
 */
export function ruledStore(resource: AnyResource, store: RecordStore<Fields>): RecordStore<Fields> {
  if (Object.keys(resource.computed ?? {}).length === 0 && (resource.checks ?? []).length === 0) return store;
  const ruled = (input: Fields) => withComputedFields(resource, checked(resource, input));
  return {
    create: (input) => store.create(ruled(input)),
    createOnce: (input, key) => store.createOnce(ruled(input), key),
    get: (id) => store.get(id),
    replace: (id, input, ifMatch) => store.replace(id, ruled(input), ifMatch),
    delete: (id, ifMatch) => store.delete(id, ifMatch),
    list: (options) => store.list(options),
    query: (options) => store.query(options),
  };
}

function checked(resource: AnyResource, input: Fields): Fields {
  const failed = (resource.checks ?? []).filter((check: { holds(input: Fields): boolean }) => !check.holds(input));
  if (failed.length === 0) return input;
  const errors = failed.flatMap(({ fields, message }: { fields: readonly string[]; message: string }) =>
    fields.map((path) => ({ in: 'body' as const, path, message })),
  );
  throw new ProblemError(422, {
    type: ProblemType.validation,
    title: 'Invalid fields',
    detail: `Invalid fields: ${errors.map(({ path }) => path).join(', ')}.`,
    errors,
  });
}
