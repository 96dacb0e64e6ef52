import type { ChangeType, Fields } from '@items-api/dynamodb-records';
import * as v from 'valibot';
import type { Schema } from '../openapi/route-spec.js';
import type { AnyResource, FieldsCheck } from '../resources/resource.js';

// A resource's HTTP shapes, made from its declaration: the bodies it takes, the record and the list it
// answers with, and their names in the OpenAPI document.

const UUID_EXAMPLE = '1f0c7a44-5f6e-4d8e-9a53-2a1d54c0b6a1';
const TIMESTAMP_EXAMPLE = '2026-11-28T12:00:00.000Z';

export interface ResourceSchemas {
  /** What a request body may be: the fields (its checks across fields included), or the envelope when there is one. */
  body: v.GenericSchema<unknown, Fields>;
  /** Which option of `body` a request means (see `BodySpec.optionOf`). */
  bodyOption: (input: unknown) => number;
  /** The client's fields out of a valid body, whichever its shape. */
  fieldsOf: (body: Fields) => Fields;
  /** A record as the API returns it. */
  record: Schema;
  list: Schema;
  /** By the names the OpenAPI document gives them (`ItemInput`, `Item`, …). */
  named: Record<string, Schema>;
}

/**
 * Each resource's schemas, made once: the routes ask for the body's at init; those of the answers
 * (`record`, `list`, `named`) only the OpenAPI document reads, when it is first asked for.
 */
const made = new WeakMap<AnyResource, ResourceSchemas>();

export function resourceSchemas(resource: AnyResource): ResourceSchemas {
  let schemas = made.get(resource);
  if (!schemas) made.set(resource, (schemas = schemasOf(resource)));
  return schemas;
}

function schemasOf(resource: AnyResource): ResourceSchemas {
  const { entity, envelope } = resource;
  const lower = entity.toLowerCase();
  const input = inputSchema(resource);
  const wrapped = envelope
    ? v.pipe(v.object({ [envelope]: input }), v.description(`The same ${lower}, wrapped in \`${envelope}\`.`))
    : undefined;
  const body = wrapped
    ? v.pipe(v.union([input, wrapped]), v.description(`An ${lower}, plain or wrapped in \`${envelope}\`; both mean the same.`))
    : input;
  // What the API answers with is only documented, never validated: made when the document first asks.
  let answers: { record: Schema; list: Schema } | undefined;
  const answered = () => (answers ??= answerSchemas(resource));
  return {
    body,
    bodyOption: (value) => (envelope && typeof value === 'object' && value !== null && envelope in value ? 1 : 0),
    // The body schema let only the fields, or the fields in the envelope, through.
    fieldsOf: (value) => (envelope && envelope in value ? (value[envelope] as Fields) : value),
    get record() {
      return answered().record;
    },
    get list() {
      return answered().list;
    },
    get named() {
      return {
        [`${entity}Input`]: input,
        ...(wrapped && { [`${entity}Envelope`]: wrapped, [`${entity}Body`]: body }),
        [entity]: answered().record,
        [`${entity}List`]: answered().list,
      };
    },
  };
}

/** A record as the API returns it, and a list of them. */
function answerSchemas(resource: AnyResource): { record: Schema; list: Schema } {
  const fields: v.ObjectEntries = resource.fields;
  const lower = resource.entity.toLowerCase();
  const timestamp = v.pipe(v.string(), v.isoTimestamp(), v.examples([resource.examples?.timestamp ?? TIMESTAMP_EXAMPLE]));
  const record = v.object({
    ...storedFields(fields),
    ...Object.fromEntries(
      Object.entries<{ schema: Schema }>(resource.computed ?? {}).map(([name, { schema }]) => [name, readOnly(schema)]),
    ),
    id: readOnly(v.pipe(v.string(), v.uuid(), v.description('Made by the server.'), v.examples([resource.examples?.id ?? UUID_EXAMPLE]))),
    version: readOnly(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1),
        v.description(`1 when created, one more on every replace; the \`ETag\` of the ${lower}'s responses is this number, quoted.`),
        v.examples([1]),
      ),
    ),
    createdAt: readOnly(timestamp),
    updatedAt: readOnly(timestamp),
  });
  return { record, list: v.array(record) };
}

export interface HistorySchemas {
  /** One change of a record, the record typed as the resource's (`ItemHistoryEntry`). */
  entry: Schema;
  /** A page of a record's history (`ItemHistory`). */
  page: Schema;
  named: Record<string, Schema>;
}

const madeHistory = new WeakMap<AnyResource, HistorySchemas>();

/** The shapes of `GET /{resource}/{id}/history`, made once per resource that keeps its history. */
export function historySchemas(resource: AnyResource): HistorySchemas {
  let schemas = madeHistory.get(resource);
  if (!schemas) madeHistory.set(resource, (schemas = historySchemasOf(resource)));
  return schemas;
}

function historySchemasOf(resource: AnyResource): HistorySchemas {
  const { entity } = resource;
  const lower = entity.toLowerCase();
  // The very record schema, not a copy: the document then refers to `Item` rather than restating it.
  const { record } = resourceSchemas(resource);
  const changeTypes = ['created', 'replaced', 'deleted'] as const satisfies readonly ChangeType[];
  const entry = v.pipe(
    v.object({
      version: v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1),
        v.description(`The ${lower}'s version after the change; for a delete, the version it deleted.`),
        v.examples([2]),
      ),
      type: v.pipe(v.picklist(changeTypes), v.description('What the change did.'), v.examples(['replaced'])),
      at: v.pipe(
        v.string(),
        v.isoTimestamp(),
        v.description(`When the change happened: the ${lower}'s \`updatedAt\`, or, for a delete, when it was deleted.`),
        v.examples([resource.examples?.timestamp ?? TIMESTAMP_EXAMPLE]),
      ),
      record,
      changed: v.pipe(
        v.array(v.string()),
        v.description(
          `The ${lower}'s fields (its client's and its computed ones) the change set, changed or removed; never \`id\`, \`version\`, \`createdAt\` or \`updatedAt\`.`,
        ),
        v.examples([Object.keys(resource.fields).slice(0, 1)]),
      ),
    }),
    v.description(
      `One change of ${/^[aeiou]/.test(lower) ? 'an' : 'a'} ${lower}: \`record\` is the ${lower} after it, or, for a delete, as it was before it.`,
    ),
  );
  const page = v.pipe(v.array(entry), v.description(`Changes of one ${lower}, oldest first.`));
  return { entry, page, named: { [`${entity}HistoryEntry`]: entry, [`${entity}History`]: page } };
}

/** A stored record always has every field: one a client may leave out has its default there. */
function storedFields(fields: v.ObjectEntries): v.ObjectEntries {
  return Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, isDefaulted(schema) ? schema.wrapped : schema]));
}

/** A field a client may leave out, which then takes a default. */
function isDefaulted(schema: v.GenericSchema): schema is v.OptionalSchema<v.GenericSchema, unknown> {
  return schema.type === 'optional' && v.getDefault(schema) !== undefined;
}

/** Set by the server, never by a client: documented as such (JSON Schema's `readOnly`). */
function readOnly<S extends Schema>(schema: S) {
  return v.pipe(schema, v.metadata({ readOnly: true }));
}

const INPUT_DESCRIPTION = 'The fields a client sets. Unknown fields, `id` included, are ignored.';

/**
 * The fields, and the resource's checks across them, run once the fields themselves are valid: each
 * failure is an issue at each field it names, so that the 422 lists them as it lists any invalid
 * field. JSON Schema cannot express them (the document's converter skips them): the description says them.
 */
function inputSchema(resource: AnyResource) {
  const fields = v.object<v.ObjectEntries>(resource.fields);
  const checks: readonly FieldsCheck<Record<string, unknown>>[] = resource.checks ?? [];
  if (checks.length === 0) return v.pipe(fields, v.description(INPUT_DESCRIPTION));
  return v.pipe(
    fields,
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const input = dataset.value;
      for (const check of checks) {
        if (check.holds(input)) continue;
        for (const key of check.fields) {
          addIssue({ message: check.message, path: [{ type: 'object', origin: 'value', input, key, value: input[key] }] });
        }
      }
    }),
    v.description(`${INPUT_DESCRIPTION} Also checked: ${checks.map(({ message }) => message).join(' ')}`),
  );
}
