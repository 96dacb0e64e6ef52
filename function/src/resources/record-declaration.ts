import type { IndexDeclarations, RecordDeclaration } from '@items-api/dynamodb-records';
import * as v from 'valibot';
import { type AnyResource, type FieldsOf, schemasOf } from './resource.js';
import { indexDeclarationsOf } from './resource-indexes.js';

/**
 * What a resource's store must know of it: its entity, the fields a record keeps, their defaults, its
 * unique fields, its indexes with their keys' DynamoDB types.
 */
export function recordDeclarationOf<R extends AnyResource>(resource: R): RecordDeclaration<FieldsOf<R>> {
  const fields: v.ObjectEntries = resource.fields;
  const defaults: Record<string, unknown> = Object.fromEntries(
    Object.entries(fields).flatMap(([name, schema]) => {
      const value = v.getDefault(schema);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  return {
    entity: resource.entity,
    fields: [...Object.keys(fields), ...Object.keys(resource.computed ?? {})],
    // A record older than a field reads as the field's default, as a client that leaves it out gets.
    defaults: defaults as Partial<FieldsOf<R>>,
    ...(resource.unique && { unique: resource.unique }),
    ...(resource.indexes && { indexes: indexesOf(resource) as NonNullable<RecordDeclaration<FieldsOf<R>>['indexes']> }),
  };
}

/** A resource's indexes with their keys' DynamoDB types: what its store and its list's query string read. */
export function indexesOf(resource: AnyResource): IndexDeclarations {
  // Checked when the resource was defined: a refusal here would be a resource made without defineResource.
  return indexDeclarationsOf(resource.indexes ?? {}, schemasOf(resource), (what) => {
    throw new Error(`Resource ${resource.name}: ${what}.`);
  });
}
