import type { KeyType } from '@items-api/dynamodb-records';
import * as v from 'valibot';

// DynamoDB keys an index on a string (S) or a number (N) attribute only, and a record whose key
// attribute has any other type, or is an empty string, is refused on write. What a field may hold is
// read from its schema, so that an index on a field that could hold anything else fails at load.

/** Which of the schemas a field can be wrapped in still leave it a key when present (never `null`). */
const ABSENT_ONLY = new Set(['optional', 'exact_optional', 'undefinedable']);

/** The DynamoDB type of a field's values, when every value its schema takes can key an index; else undefined. */
export function keyTypeOf(schema: v.GenericSchema): KeyType | undefined {
  if (ABSENT_ONLY.has(schema.type)) return keyTypeOf((schema as unknown as { wrapped: v.GenericSchema }).wrapped);
  // A pipe keeps the type of the schema it starts with (`v.pipe(v.string(), …)` is a string schema),
  // unless a transformation in it changes the value stored (`v.toNumber()`, `v.trim()`): such a field is
  // not told a key type, so an index on it is refused at load rather than failing every write.
  if (transforms(schema)) return undefined;
  if (schema.type === 'string') return 'S';
  if (schema.type === 'number') return 'N';
  if (schema.type === 'picklist') {
    const { options } = schema as unknown as { options: readonly unknown[] };
    if (options.every((option) => typeof option === 'string')) return 'S';
    if (options.every((option) => typeof option === 'number')) return 'N';
  }
  return undefined;
}

/** Whether a string field can end up empty: its schema takes `''`, or it defaults to it. */
export function takesEmptyString(schema: v.GenericSchema): boolean {
  return v.safeParse(schema, '').success || v.getDefault(schema) === '';
}

function transforms(schema: v.GenericSchema): boolean {
  const { pipe } = schema as { pipe?: readonly { kind: string }[] };
  return pipe?.some((action) => action.kind === 'transformation') ?? false;
}
