import type { Fields, RecordDeclaration, StoredRecord } from './record.js';

/** Only the declared fields, whatever else `input` carries. */
export function fieldsOf<F extends Fields>({ fields }: RecordDeclaration<F>, input: F): F {
  return Object.fromEntries(fields.map((name) => [name, input[name]])) as F;
}

/** A record as every create makes it: the given id, version 1, created and updated `at`. */
export function newRecord<F extends Fields>(declaration: RecordDeclaration<F>, input: F, id: string, at: Date): StoredRecord<F> {
  const now = at.toISOString();
  return { id, ...fieldsOf(declaration, input), version: 1, createdAt: now, updatedAt: now };
}

/** A record as read back: the declared fields (or their defaults, for a record older than a field) and the store's. */
export function recordFrom<F extends Fields>(
  { fields, defaults = {} }: RecordDeclaration<F>,
  attributes: Record<string, unknown>,
): StoredRecord<F> {
  const defaultOf = defaults as Record<string, unknown>;
  return {
    id: String(attributes.id),
    ...(Object.fromEntries(fields.map((name) => [name, attributes[name] ?? defaultOf[name]])) as F),
    // Records written before versions existed are at their first.
    version: typeof attributes.version === 'number' ? attributes.version : 1,
    createdAt: String(attributes.createdAt),
    updatedAt: String(attributes.updatedAt),
  };
}
