import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { recordDeclarationOf } from './record-declaration.js';
import { defineResource } from './resource.js';

// A mistake in a resource's rules fails when its module loads, naming what is wrong.

const fields = { name: v.string(), email: v.string() };
const base = { name: 'people', entity: 'Person', description: 'People.', fields };
/** Fields an index can be keyed on: strings that are never empty, numbers, through pipes and `v.optional`. */
const keyed = {
  ...fields,
  city: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(50))),
  age: v.pipe(v.number(), v.safeInteger()),
  team: v.picklist(['red', 'blue']),
};

describe('defineResource', () => {
  it('takes rules that name its fields and computed fields', () => {
    const people = defineResource({
      ...base,
      computed: { slug: { schema: v.string(), from: ({ name }) => name.toLowerCase() } },
      unique: ['email', 'slug'],
      checks: [{ fields: ['name', 'email'], message: 'Differ.', holds: ({ name, email }) => name !== email }],
    });
    expect(people.unique).toEqual(['email', 'slug']);
  });

  it.each([
    [{ entity: 'person' }, 'Resource people: entity `person` is not a capitalised name of letters and digits (`GiftCard`).'],
    [{ unique: ['phone'] }, 'Resource people: unique field `phone` is not one of its fields or computed fields.'],
    [
      { checks: [{ fields: ['phone'], message: 'x', holds: () => true }] },
      'Resource people: a check names `phone`, which is not one of its fields.',
    ],
    [
      { computed: { name: { schema: v.string(), from: () => 'x' } } },
      'Resource people: computed field `name` is also a field a client sets.',
    ],
    [{ fields: { ...fields, version: v.number() } }, 'Resource people: `version` is a field the store sets on every person.'],
    [
      { computed: { writeToken: { schema: v.string(), from: () => 'x' } } },
      'Resource people: `writeToken` is a field the store sets on every person.',
    ],
    [
      { indexes: { byPhone: { partition: 'phone' } } },
      'Resource people: index `byPhone` has the partition field `phone`, which is not one of its fields or computed fields.',
    ],
    [
      { fields: keyed, indexes: { byCity: { partition: 'city', sort: 'id' } } },
      'Resource people: index `byCity` has the sort field `id`, which is not one of its fields or computed fields.',
    ],
    [{ indexes: { byNothing: {} } }, 'Resource people: index `byNothing` names no partition field.'],
    [
      { fields: { ...fields, code: v.pipe(v.string(), v.minLength(1), v.toNumber()) }, indexes: { byCode: { partition: 'code' } } },
      'Resource people: index `byCode` has the partition field `code`, which can hold something else than a string or a number.',
    ],
    [
      { fields: { ...fields, active: v.boolean() }, indexes: { byActive: { partition: 'active' } } },
      'Resource people: index `byActive` has the partition field `active`, which can hold something else than a string or a number.',
    ],
    [
      {
        fields: { ...fields, nickname: v.nullable(v.pipe(v.string(), v.minLength(1))) },
        indexes: { byNickname: { partition: 'nickname' } },
      },
      'Resource people: index `byNickname` has the partition field `nickname`, which can hold something else than a string or a number.',
    ],
    [
      { fields: { ...fields, note: v.optional(v.pipe(v.string(), v.minLength(1)), '') }, indexes: { byNote: { partition: 'note' } } },
      'Resource people: index `byNote` has the partition field `note`, which can be an empty string (give it v.minLength(1)).',
    ],
    [
      { fields: keyed, indexes: { byCity: { partition: 'city', sort: 'name' } } },
      'Resource people: index `byCity` has the sort field `name`, which can be an empty string (give it v.minLength(1)).',
    ],
    [
      { indexes: { byEmail: { partition: 'email', sort: 'email' } } },
      'Resource people: index `byEmail` has `email` as both its partition and its sort field.',
    ],
    [
      { fields: keyed, indexes: { byCity: { partition: 'city', sort: 'age' }, cityAge: { partition: 'city', sort: 'age' } } },
      'Resource people: indexes `byCity` and `cityAge` have the same partition and sort fields.',
    ],
    ...['ByCity', 'by', 'by_city', 'by-city', '1city', `b${'y'.repeat(255)}`].map((name) => [
      { fields: keyed, indexes: { [name]: { partition: 'city' } } },
      `Resource people: index name \`${name}\` is not 3 to 255 letters and digits starting with a lowercase letter (\`byCategory\`).`,
    ]),
  ] as [unknown, string][])('refuses %j at load, saying what is wrong', (mistake, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: each mistake is one the types would also refuse; this is the check at load.
    expect(() => defineResource({ ...base, ...(mistake as any) })).toThrow(message);
  });

  it('hands its indexes to the store with the DynamoDB type of each key, read from the schemas', () => {
    const people = defineResource({
      ...base,
      fields: keyed,
      computed: { slug: { schema: v.pipe(v.string(), v.nonEmpty()), from: ({ name }: { name: string }) => name.toLowerCase() || '-' } },
      indexes: {
        byCity: { partition: 'city', sort: 'age' },
        byTeam: { partition: 'team', sort: 'slug' as never },
        byAge: { partition: 'age' },
      },
    });
    expect(recordDeclarationOf(people).indexes).toEqual({
      byCity: { partition: { field: 'city', type: 'S' }, sort: { field: 'age', type: 'N' } },
      byTeam: { partition: { field: 'team', type: 'S' }, sort: { field: 'slug', type: 'S' } },
      byAge: { partition: { field: 'age', type: 'N' } },
    });
    // A resource with no index declares none.
    expect(recordDeclarationOf(defineResource(base))).not.toHaveProperty('indexes');
  });

  it('refuses at type-check an index on a field it does not have or that cannot be a key', () => {
    // @ts-expect-error `phone` is not a field.
    expect(() => defineResource({ ...base, indexes: { byPhone: { partition: 'phone' } } })).toThrow();
    // @ts-expect-error a boolean cannot key an index.
    expect(() => defineResource({ ...base, fields: { ...fields, on: v.boolean() }, indexes: { byOn: { partition: 'on' } } })).toThrow();
  });
});
