import { type RecordStore, WRITE_TOKEN_ATTRIBUTE } from '@items-api/dynamodb-records';
import type * as v from 'valibot';
import type { Route } from '../openapi/route-spec.js';
import type { GenericRoutes } from '../routes/resource-routes.js';
import { type IndexDefinition, indexDeclarationsOf, type KeyFieldOf } from './resource-indexes.js';

// A resource as its domain knows it: its fields and its rules. Where it is kept and how tooling makes
// samples of it is declared apart (`resource-table.ts`); its HTTP shapes are made where HTTP is
// handled (`routes/`).

/** What a client sets: the output of the fields' schemas. */
export type InputOf<E extends v.ObjectEntries> = v.InferOutput<v.ObjectSchema<E, undefined>>;

/** A field the server derives from the client's fields on every write: stored, returned, read-only. */
export interface ComputedField<I, S extends v.GenericSchema = v.GenericSchema> {
  /** What it holds: types it, and documents it (read-only) in the OpenAPI document. */
  schema: S;
  from(input: I): v.InferOutput<S>;
}

export type ComputedFields<I> = Record<string, ComputedField<I>>;

/** The values of computed fields, by name. */
export type ComputedOf<C> = { [K in keyof C]: C[K] extends ComputedField<never, infer S> ? v.InferOutput<S> : never };

/** A rule across fields, checked on every body before any write: when it fails, a 422 names its fields. */
export interface FieldsCheck<I> {
  /** The fields it is about, named in the refusal. */
  fields: readonly (keyof I & string)[];
  /** Why the body is refused, as the client reads it. */
  message: string;
  holds(input: I): boolean;
}

/** What a record of the resource keeps: the client's fields and the computed ones. */
export type FieldsOf<R extends AnyResource> = InputOf<R['fields']> & ComputedOf<R['computed']>;

/** The store a resource is served from: it takes the client's fields, and keeps the computed ones too. */
export type StoreOf<R extends AnyResource> = RecordStore<FieldsOf<R>, InputOf<R['fields']>>;

export interface ResourceDefinition<E extends v.ObjectEntries, C extends ComputedFields<InputOf<E>>> {
  /** The path it is served under and the name of its routes (`items` → `/items`, `/items/{id}`). */
  name: string;
  /** One of it, capitalised (`Item`): names its schemas, its errors and its problem types. */
  entity: string;
  /** What it is, for the OpenAPI document. */
  description: string;
  /** The fields a client sets, a valibot schema each: they type, validate, document and store it. */
  fields: E;
  /** Fields derived from the others on every write (a slug from a name). */
  computed?: C;
  /**
   * Fields no two records may share a value of (a user's email, a computed slug), enforced by DynamoDB
   * in the same transaction as the write: of two writers racing for one value, one wins, the other is
   * told 409. A record without a value of the field claims nothing.
   */
  unique?: readonly ((keyof E | keyof C) & string)[];
  /**
   * Global secondary indexes of its table, by name (`byCategory`): the records with a value of the
   * `partition` field, ordered by the `sort` field, each a field that holds only strings (never empty)
   * or only numbers. Each also needs its GSI in the template, and the function the right to query it.
   *
   * The types name the client's fields only: TypeScript types this before it has inferred the computed
   * fields (their `from` waits for the fields' types). An index on a computed field is checked at load
   * like the rest, and named with a cast (`sort: 'slug' as never`).
   */
  indexes?: Readonly<Record<string, IndexDefinition<NoInfer<KeyFieldOf<InputOf<E>>>>>>;
  /** Rules across fields, checked before any write. */
  checks?: readonly FieldsCheck<InputOf<E>>[];
  /**
   * The routes it is served with, when not just the generic five (`generic`): one of them replaced,
   * routes of its own added. Each is handed the resource's store.
   */
  routes?(generic: GenericRoutes, store: RecordStore<InputOf<E> & ComputedOf<C>, InputOf<E>>): Route[];
  /**
   * Whether its changes are kept: every create, replace and delete of a record becomes an entry of the
   * record's history, written by `HistoryFunction` from its table's stream and served at
   * `GET /{resource}/{id}/history`. Needs the stream (`NEW_AND_OLD_IMAGES`) on its table in the
   * template, and `HistoryFunction` subscribed to it.
   */
  history?: boolean;
  /** A second body shape the API also takes: the fields wrapped in this key (`{"item": {…}}`). */
  envelope?: string;
  /** Example values of the server's own fields, for the document. */
  examples?: { id?: string; timestamp?: string };
}

/** A resource: its declaration, checked (see `defineResource`). */
export type Resource<
  E extends v.ObjectEntries = v.ObjectEntries,
  C extends ComputedFields<InputOf<E>> = ComputedFields<InputOf<E>>,
> = Readonly<ResourceDefinition<E, C>>;

/** Any resource, whatever its fields: what the generic path serves. */
// biome-ignore lint/suspicious/noExplicitAny: a list of resources holds resources of any fields; each is used with its own.
export type AnyResource = Resource<any, any>;

/**
 * Fields every record has, set by the store, and the attribute by which it recognises a retry of its
 * own write (`writeToken`): no declared or computed field may take their names.
 */
const SERVER_FIELDS = new Set(['id', 'version', 'createdAt', 'updatedAt', WRITE_TOKEN_ATTRIBUTE]);

/**
 * A resource from its declaration, its rules checked at load: a mistake (a unique or checked field
 * that is not a field, a computed field that takes a field's name, an index DynamoDB could not make
 * or key) fails with a message naming it.
 */
export function defineResource<E extends v.ObjectEntries, C extends ComputedFields<InputOf<E>> = Record<never, never>>(
  definition: ResourceDefinition<E, C>,
): Resource<E, C> {
  const { entity, fields, computed = {}, unique = [], checks = [], indexes = {} } = definition;
  const declared = new Set(Object.keys(fields));
  const refuse = (what: string): never => {
    throw new Error(`Resource ${definition.name}: ${what}.`);
  };
  // Capitalised, as its schemas and problem types are named after it, and as the store keeps an entity's
  // idempotency keys apart from its unique values' claims (`unique#…`).
  if (!/^[A-Z][A-Za-z0-9]*$/.test(entity)) refuse(`entity \`${entity}\` is not a capitalised name of letters and digits (\`GiftCard\`)`);
  for (const name of [...declared, ...Object.keys(computed)]) {
    if (SERVER_FIELDS.has(name)) refuse(`\`${name}\` is a field the store sets on every ${entity.toLowerCase()}`);
  }
  for (const name of Object.keys(computed)) if (declared.has(name)) refuse(`computed field \`${name}\` is also a field a client sets`);
  for (const name of unique) {
    if (!declared.has(name) && !(name in computed)) refuse(`unique field \`${name}\` is not one of its fields or computed fields`);
  }
  for (const check of checks) {
    for (const name of check.fields) if (!declared.has(name)) refuse(`a check names \`${name}\`, which is not one of its fields`);
  }
  indexDeclarationsOf(indexes, schemasOf(definition), refuse);
  return definition;
}

/** The schema of each of a resource's fields and computed fields, by name. */
export function schemasOf(resource: {
  fields: v.ObjectEntries;
  computed?: Readonly<Record<string, { schema: v.GenericSchema }>> | undefined;
}): Record<string, v.GenericSchema> {
  const computed = Object.entries(resource.computed ?? {}).map(([name, field]) => [name, field.schema] as const);
  return { ...resource.fields, ...Object.fromEntries(computed) };
}
