import type { AnyKeyField, IndexDeclarations } from '@items-api/dynamodb-records';
import type * as v from 'valibot';
import { keyTypeOf, takesEmptyString } from './key-type.js';

// A resource's global secondary indexes: declared by field names, checked when the resource loads,
// and handed to its store with the DynamoDB type of each key.

/** The fields of `F` DynamoDB can key an index on: those that hold only strings, or only numbers, when present. */
export type KeyFieldOf<F> = {
  [K in keyof F]-?: [Exclude<F[K], undefined>] extends [never]
    ? never
    : [Exclude<F[K], undefined>] extends [string]
      ? K
      : [Exclude<F[K], undefined>] extends [number]
        ? K
        : never;
}[keyof F] &
  string;

/**
 * A global secondary index of the resource's table: the records that have a value of `partition`, in the
 * order of `sort` within each value. A record without a value of `partition` is not in it.
 */
export interface IndexDefinition<K extends string = string> {
  partition: K;
  sort?: K;
}

/** What DynamoDB takes as an index name (3–255 characters), kept to a name that reads as a field's: `byCategory`. */
const INDEX_NAME = /^[a-z][A-Za-z0-9]{2,254}$/;

/**
 * The declared indexes with their keys' DynamoDB types, for the store. `schemas` are the resource's
 * fields and computed fields; `refuse` is called (and throws) for a mistake, naming it.
 */
export function indexDeclarationsOf(
  indexes: Readonly<Record<string, IndexDefinition>>,
  schemas: Readonly<Record<string, v.GenericSchema>>,
  refuse: (what: string) => never,
): IndexDeclarations {
  const keys = new Map<string, string>();
  const keyOf = (index: string, role: string, field: string): AnyKeyField => {
    const schema = Object.hasOwn(schemas, field) ? schemas[field] : undefined;
    if (!schema) refuse(`index \`${index}\` has the ${role} field \`${field}\`, which is not one of its fields or computed fields`);
    const type = keyTypeOf(schema);
    if (!type) refuse(`index \`${index}\` has the ${role} field \`${field}\`, which can hold something else than a string or a number`);
    // DynamoDB refuses a record whose index key is an empty string: the write would fail, not skip the index.
    if (type === 'S' && takesEmptyString(schema)) {
      refuse(`index \`${index}\` has the ${role} field \`${field}\`, which can be an empty string (give it v.minLength(1))`);
    }
    return { field, type };
  };
  return Object.fromEntries(
    Object.entries(indexes).map(([name, { partition, sort }]) => {
      if (!INDEX_NAME.test(name)) {
        refuse(`index name \`${name}\` is not 3 to 255 letters and digits starting with a lowercase letter (\`byCategory\`)`);
      }
      if (typeof partition !== 'string') refuse(`index \`${name}\` names no partition field`);
      if (sort === partition) refuse(`index \`${name}\` has \`${partition}\` as both its partition and its sort field`);
      // Two indexes on the same keys hold the same records in the same order: one would be paid for twice.
      const key = JSON.stringify([partition, sort]);
      const same = keys.get(key);
      if (same) refuse(`indexes \`${same}\` and \`${name}\` have the same partition and sort fields`);
      keys.set(key, name);
      return [name, { partition: keyOf(name, 'partition', partition), ...(sort !== undefined && { sort: keyOf(name, 'sort', sort) }) }];
    }),
  );
}
