import type { RecordDeclaration } from '@items-api/dynamodb-records';
import * as v from 'valibot';
import type { Schema } from '../openapi/route-spec.js';

/** A generator of numbers in [0, 1): `Math.random`, or a seeded one for repeatable data. */
export type Random = () => number;

/** What a resource is, written once: everything else about it is made from this. */
export interface ResourceDefinition<E extends v.ObjectEntries> {
  /** The path it is served under and the name of its routes (`items` → `/items`, `/items/{id}`). */
  name: string;
  /** One of it, capitalised (`Item`): names its schemas, its errors and its problem types. */
  entity: string;
  /** What it is, for the OpenAPI document. */
  description: string;
  /** The fields a client sets, a valibot schema each: they type, validate, document and store it. */
  fields: E;
  /** The environment variable naming its DynamoDB table. */
  tableVariable: string;
  /** A plausible record, numbered `index`: sample data for `npm run seed` and tests. */
  sample: (index: number, random: Random) => v.InferOutput<v.ObjectSchema<E, undefined>>;
  /** A second body shape the API also takes: the fields wrapped in this key (`{"item": {…}}`). */
  envelope?: string;
  /** Example values of the server's own fields, for the document. */
  examples?: { id?: string; timestamp?: string };
}

export type InputOf<E extends v.ObjectEntries> = v.InferOutput<v.ObjectSchema<E, undefined>>;

export interface Resource<E extends v.ObjectEntries = v.ObjectEntries> extends ResourceDefinition<E> {
  /** The fields a client sends. */
  input: v.GenericSchema<unknown, InputOf<E>>;
  /** What a request body may be: the fields, or the envelope when there is one. */
  body: v.GenericSchema<unknown, InputOf<E> | Record<string, InputOf<E>>>;
  /** Which option of `body` a request means (see `BodySpec.optionOf`). */
  bodyOption: (input: unknown) => number;
  /** The fields out of a valid body, whichever its shape. */
  fieldsOf: (body: InputOf<E> | Record<string, InputOf<E>>) => InputOf<E>;
  /** A record as the API returns it. */
  record: v.GenericSchema;
  list: v.GenericSchema;
  /** Its schemas by the names the OpenAPI document gives them (`ItemInput`, `Item`, …). */
  schemas: Record<string, Schema>;
  /** What its store needs: the entity, the fields, their defaults. */
  declaration: RecordDeclaration<InputOf<E>>;
  /** Its table's logical id in the SAM template: `items` → `ItemsTable`. */
  tableResource: string;
}

const UUID_EXAMPLE = '1f0c7a44-5f6e-4d8e-9a53-2a1d54c0b6a1';
const TIMESTAMP_EXAMPLE = '2026-11-28T12:00:00.000Z';

/** The logical id of a resource's table in the SAM template: `items` → `ItemsTable`, `gift-cards` → `GiftCardsTable`. */
export function tableResourceOf(name: string): string {
  return `${name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Table`;
}

/** A resource from its definition: its schemas, its documentation and its store's declaration. */
export function defineResource<E extends v.ObjectEntries>(definition: ResourceDefinition<E>): Resource<E> {
  const { entity, fields, envelope } = definition;
  const lower = entity.toLowerCase();
  const input = v.pipe(v.object(fields), v.description(`The fields a client sets. Unknown fields, \`id\` included, are ignored.`));
  const wrapped = envelope
    ? v.pipe(v.object({ [envelope]: input }), v.description(`The same ${lower}, wrapped in \`${envelope}\`.`))
    : undefined;
  const body = wrapped
    ? v.pipe(v.union([input, wrapped]), v.description(`An ${lower}, plain or wrapped in \`${envelope}\`; both mean the same.`))
    : input;
  const timestamp = v.pipe(v.string(), v.isoTimestamp(), v.examples([definition.examples?.timestamp ?? TIMESTAMP_EXAMPLE]));
  // A stored record always has every field: one a client may leave out has its default there.
  const storedFields = Object.fromEntries(
    Object.entries(fields).map(([name, schema]) => [name, isDefaulted(schema) ? schema.wrapped : schema]),
  ) as E;
  const record = v.object({
    ...storedFields,
    id: v.pipe(v.string(), v.uuid(), v.description('Made by the server.'), v.examples([definition.examples?.id ?? UUID_EXAMPLE])),
    version: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.description(`1 when created, one more on every replace; the \`ETag\` of the ${lower}'s responses is this number, quoted.`),
      v.examples([1]),
    ),
    createdAt: timestamp,
    updatedAt: timestamp,
  });
  const list = v.array(record);
  const names = Object.keys(fields) as (keyof InputOf<E> & string)[];
  return {
    ...definition,
    tableResource: tableResourceOf(definition.name),
    input,
    body: body as Resource<E>['body'],
    bodyOption: (value) => (envelope && typeof value === 'object' && value !== null && envelope in value ? 1 : 0),
    fieldsOf: (value) => (envelope && envelope in value ? (value as Record<string, InputOf<E>>)[envelope]! : (value as InputOf<E>)),
    record,
    list,
    schemas: {
      [`${entity}Input`]: input,
      ...(wrapped && { [`${entity}Envelope`]: wrapped, [`${entity}Body`]: body }),
      [entity]: record,
      [`${entity}List`]: list,
    },
    declaration: {
      entity,
      fields: names,
      // A record older than a field reads as the field's default, as a client that leaves it out gets.
      defaults: Object.fromEntries(
        names.flatMap((name) => {
          const value = v.getDefault(fields[name] as v.GenericSchema);
          return value === undefined ? [] : [[name, value]];
        }),
      ) as unknown as Partial<InputOf<E>>,
    },
  };
}

/** A field a client may leave out, which then takes a default. */
function isDefaulted(schema: v.ObjectEntries[string]): schema is v.OptionalSchema<v.GenericSchema, unknown> {
  return schema.type === 'optional' && v.getDefault(schema as v.GenericSchema) !== undefined;
}
