import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineResource } from './resource.js';

// A mistake in a resource's rules fails when its module loads, naming what is wrong.

const fields = { name: v.string(), email: v.string() };
const base = { name: 'people', entity: 'Person', description: 'People.', fields };

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
  ])('refuses %j at load, saying what is wrong', (mistake, message) => {
    // biome-ignore lint/suspicious/noExplicitAny: each mistake is one the types would also refuse; this is the check at load.
    expect(() => defineResource({ ...base, ...(mistake as any) })).toThrow(message);
  });
});
