import type { RecordDeclaration } from '@items-api/dynamodb-records';
import { recordDeclarationOf } from './record-declaration.js';
import type { AnyResource, FieldsOf, InputOf } from './resource.js';

/** A generator of numbers in [0, 1): `Math.random`, or a seeded one for repeatable data. */
export type Random = () => number;

/**
 * Where a resource is kept and how tooling makes samples of it: what the entry points, `npm start`,
 * `npm run seed`, the template and its tests need, apart from what the resource is.
 */
export interface ResourceTable<R extends AnyResource = AnyResource> {
  resource: R;
  /** The resource's name, which is also its table's name where nothing else names one. */
  name: R['name'];
  /** The environment variable naming its DynamoDB table. */
  tableVariable: string;
  /** Its table's logical id in the SAM template: `items` → `ItemsTable`. */
  tableResource: string;
  /** What its store keeps of it. */
  declaration: RecordDeclaration<FieldsOf<R>>;
  /** A plausible record, numbered `index`: sample data for `npm run seed` and tests. */
  sample(index: number, random: Random): InputOf<R['fields']>;
}

/** The logical id of a resource's table in the SAM template: `items` → `ItemsTable`, `gift-cards` → `GiftCardsTable`. */
export function tableResourceOf(name: string): string {
  return `${name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Table`;
}

/** Where `resource` is kept: the variable that names its table, and its samples. */
export function resourceTable<R extends AnyResource>(
  resource: R,
  { tableVariable, sample }: { tableVariable: string; sample: ResourceTable<R>['sample'] },
): ResourceTable<R> {
  return {
    resource,
    name: resource.name,
    tableVariable,
    tableResource: tableResourceOf(resource.name),
    declaration: recordDeclarationOf(resource),
    sample,
  };
}
