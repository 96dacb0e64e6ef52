import type { AnyKeyField as KeyField, ListOptions, QueryOptions, SortCondition } from '@items-api/dynamodb-records';
import * as v from 'valibot';
import { type FieldError, ProblemError, ProblemType } from '../http/problems.js';
import type { ParametersSchema } from '../openapi/route-spec.js';
import { indexesOf } from '../resources/record-declaration.js';
import type { AnyResource } from '../resources/resource.js';
import { ListQuerySchema } from './request-schemas.js';

// `GET /{resource}`'s query string, read against the resource's declared indexes: no filter is the scan
// it always was; equality on an index's partition field, with conditions on its sort field named as
// Stripe names them (`price[gte]=100&price[lt]=2000`), is a query of that index. Anything else is
// refused before the store is asked, never answered with a scan that ignored what the client meant.

const LOWER = ['gt', 'gte'] as const;
const UPPER = ['lt', 'lte'] as const;
const OPERATOR_WORDS = { gt: 'greater than', gte: 'at least', lt: 'less than', lte: 'at most', beginsWith: 'starting with' };
type Operator = keyof typeof OPERATOR_WORDS;

// A JSON number literal: what a number field takes, so that `0x10`, `' 1'` or `''` are refused, not read as numbers.
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
// The numbers a stored field can hold: the safe integers' range (the store writes no other), and none
// between 0 and 1E-130.
const MAX_MAGNITUDE = Number.MAX_SAFE_INTEGER;
const MIN_MAGNITUDE = 1e-130;

interface QueryableIndex {
  name: string;
  partition: KeyField;
  sort?: KeyField | undefined;
}

/** What the list route asks the store: a page of the scan, or a page of an index's query. */
export type ListRequest = ({ kind: 'scan' } & ListOptions) | ({ kind: 'query' } & QueryOptions);

export interface ListQuery {
  /** The list route's query parameters: validates their types, and documents each. */
  schema: ParametersSchema;
  /** What can be queried, said in every refusal's `detail`. */
  queryable: string;
  /**
   * The store request the parameters mean. `query` is what `schema` made of them; `names`, every
   * parameter the client sent (those `schema` does not know are dropped from `query`).
   * @throws ProblemError 400 for a parameter that cannot be queried or a combination that means no query
   */
  read(query: Record<string, unknown>, names: readonly string[]): ListRequest;
}

/** A resource's list query, made once per resource at init. */
export function listQueryOf(resource: AnyResource): ListQuery {
  const indexes = queryableIndexes(resource);
  const { entity } = resource;
  const many = resource.name;
  const queryable = queryableText(many, indexes);
  const params: v.ObjectEntries = {};
  // A parameter name → what it is: a partition field (of these indexes), or a condition on a sort field.
  const partitionOf = new Map<string, QueryableIndex[]>();
  const conditionOf = new Map<string, { field: string; operator: Operator }>();
  for (const index of indexes) {
    const { partition, sort } = index;
    partitionOf.set(partition.field, [...(partitionOf.get(partition.field) ?? []), index]);
    params[partition.field] ??= keyValueSchema(
      partition.field,
      partition,
      `Lists only the ${many} of this \`${partition.field}\` (index \`${index.name}\`${sort ? `, by \`${sort.field}\`` : ''}).`,
    );
    if (!sort) continue;
    for (const operator of operatorsOf(sort)) {
      const name = `${sort.field}[${operator}]`;
      conditionOf.set(name, { field: sort.field, operator });
      params[name] ??= keyValueSchema(
        name,
        sort,
        `Only ${many} whose \`${sort.field}\` is ${OPERATOR_WORDS[operator]} this; with \`${partition.field}\`.`,
      );
    }
  }
  const sorted = indexes.some(({ sort }) => sort);
  const schema: ParametersSchema = v.object<v.ObjectEntries>({
    ...ListQuerySchema.entries,
    ...params,
    ...(sorted && {
      order: v.optional(
        v.pipe(
          v.picklist(['asc', 'desc'], 'order is asc or desc'),
          v.description("By the queried index's sort field: `asc` (the default) or `desc`; only with an index's partition field."),
        ),
      ),
    }),
  });

  const refuse = (errors: FieldError[]): never => {
    throw new ProblemError(400, {
      type: ProblemType.badQuery,
      title: 'Invalid request parameters',
      detail: `${errors.map(({ message }) => message).join(' ')} ${queryable}`,
      errors,
    });
  };
  const error = (path: string, message: string): FieldError => ({ in: 'query', path, message });

  return {
    schema,
    queryable,
    read(query, names) {
      // A parameter that names a field, or that has a condition's shape, is a filter the client meant:
      // refused when nothing can query it. Any other is ignored, as before queries existed and as the
      // reference (FastAPI) ignores it: a cache-buster or a tool's own (`sam local`'s events send `foo`).
      const unknown = names.filter((name) => !Object.hasOwn(schema.entries, name) && meantAsFilter(name));
      if (unknown.length > 0) refuse(unknown.map((name) => error(name, whyUnknown(name))));
      const limit = query.limit as number;
      const cursor = query.cursor as string | undefined;
      const order = query.order as 'asc' | 'desc' | undefined;
      const given = names.filter((name) => query[name] !== undefined);
      const partitions = given.filter((name) => partitionOf.has(name));
      const conditions = given.filter((name) => conditionOf.has(name));

      if (partitions.length === 0) {
        const needing = [...conditions, ...(order === undefined ? [] : ['order'])];
        if (needing.length > 0) {
          refuse(needing.map((name) => error(name, `${name} needs an index's partition field (${partitionNames()}).`)));
        }
        return { kind: 'scan', limit, cursor };
      }
      if (partitions.length > 1) {
        refuse(
          partitions
            .slice(1)
            .map((name) => error(name, `${name} and ${partitions[0]} are the partitions of different indexes: query one.`)),
        );
      }
      const partition = partitions[0]!;
      const sortFields = new Set(conditions.map((name) => conditionOf.get(name)!.field));
      const candidates = partitionOf.get(partition)!;
      // An index of this partition whose sort field takes the conditions; with none, the first declared.
      const index = candidates.find(({ sort }) => [...sortFields].every((field) => sort?.field === field)) ?? candidates[0]!;
      const sort: Record<string, string | number> = {};
      const errors: FieldError[] = [];
      for (const name of conditions) {
        const { field, operator } = conditionOf.get(name)!;
        if (index.sort?.field !== field) {
          errors.push(error(name, `${name} is a condition on ${field}, which ${partition} does not sort by (index ${index.name}).`));
          continue;
        }
        const clash = Object.keys(sort).find((other) => sameEnd(other as Operator, operator));
        if (clash) errors.push(error(name, `${name} and ${field}[${clash}] are both ${endOf(operator)} bounds: give one.`));
        else sort[operator] = query[name] as string | number;
      }
      if ('beginsWith' in sort && Object.keys(sort).length > 1) {
        errors.push(error(`${index.sort!.field}[beginsWith]`, `${index.sort!.field}[beginsWith] takes no other bound.`));
      }
      if (order !== undefined && !index.sort)
        errors.push(error('order', `order sorts by the index's sort field; index ${index.name} has none.`));
      for (const name of [partition, ...conditions]) {
        const value = query[name];
        if (typeof value === 'number' && value !== 0 && Math.abs(value) < MIN_MAGNITUDE) {
          errors.push(error(name, `${name} is too close to 0 to be stored (at least 1e-130).`));
        }
      }
      if (errors.length > 0) refuse(errors);
      return {
        kind: 'query',
        index: index.name,
        partition: query[partition] as string | number,
        ...(Object.keys(sort).length > 0 && { sort: sort as SortCondition }),
        ...(order !== undefined && { order }),
        limit,
        cursor,
      };
    },
  };

  function partitionNames(): string {
    return indexes.length === 0 ? `${many} has none` : [...partitionOf.keys()].join(' or ');
  }

  function meantAsFilter(name: string): boolean {
    return name === 'order' || /\[[^[\]]*\]$/.test(name) || isFieldOf(name) || SERVER_FIELDS.includes(name);
  }

  function isFieldOf(field: string): boolean {
    return Object.hasOwn(resource.fields, field) || Object.hasOwn(resource.computed ?? {}, field);
  }

  function whyUnknown(name: string): string {
    const [, field, operator] = /^([^[\]]+)\[([^[\]]*)\]$/.exec(name) ?? [undefined, name, undefined];
    if (name === 'order') return `order sorts by an index's sort field; GET /${many} declares no index that has one.`;
    const sorted = indexes.find(({ sort }) => sort?.field === field);
    const sortKey = sorted?.sort;
    if (sortKey && operator === undefined) {
      return `${name} is the sort field of index ${sorted.name}: give conditions (${operatorsOf(sortKey)
        .map((op) => `${field}[${op}]`)
        .join(', ')}) with ${sorted.partition.field}.`;
    }
    if (sortKey && operator === 'beginsWith') return `${name}: beginsWith takes a string field; ${field} is a number.`;
    if (sortKey) return `${name}: unknown operator ${operator}; ${field} takes ${operatorsOf(sortKey).join(', ')}.`;
    if (operator !== undefined && partitionOf.has(field!)) return `${name}: ${field} is a partition field: give it as ${field}=<value>.`;
    if (field !== undefined && (isFieldOf(field) || SERVER_FIELDS.includes(field))) {
      return `${name}: no index of ${entity.toLowerCase()}s covers ${field}, so it cannot be queried.`;
    }
    return `${name} is not a parameter of GET /${many}.`;
  }
}

/** The fields every record has (set by the store): a filter on one is meant, and refused, as on any field. */
const SERVER_FIELDS: readonly string[] = ['id', 'version', 'createdAt', 'updatedAt'];

/** The resource's declared indexes, with the key type of each key field. */
function queryableIndexes(resource: AnyResource): QueryableIndex[] {
  return Object.entries(indexesOf(resource)).map(([name, { partition, sort }]) => ({ name, partition, sort }));
}

function operatorsOf(sort: KeyField): Operator[] {
  return sort.type === 'S' ? [...LOWER, ...UPPER, 'beginsWith'] : [...LOWER, ...UPPER];
}

function endOf(operator: Operator): 'lower' | 'upper' | 'prefix' {
  if ((LOWER as readonly string[]).includes(operator)) return 'lower';
  return (UPPER as readonly string[]).includes(operator) ? 'upper' : 'prefix';
}

function sameEnd(a: Operator, b: Operator): boolean {
  return endOf(a) === endOf(b);
}

/** A key value as a query parameter: a non-empty string, or a JSON number literal DynamoDB can store. */
function keyValueSchema(name: string, { type }: KeyField, description: string): v.ObjectEntries[string] {
  if (type === 'S') {
    return v.optional(
      v.pipe(v.string(`${name} is given once, a string`), v.minLength(1, `${name} cannot be empty`), v.description(description)),
    );
  }
  const number = 'a JSON number literal (e.g. 1250)';
  const beyond = `${name} is beyond the numbers stored (±${MAX_MAGNITUDE})`;
  return v.optional(
    v.pipe(
      v.string(`${name} is given once, ${number}`),
      v.regex(JSON_NUMBER, `${name} is ${number}`),
      v.check(exactlyRead, `${name} cannot be read exactly as a number: it has more digits than a number holds`),
      v.toNumber(),
      v.number(),
      v.minValue(-MAX_MAGNITUDE, beyond),
      v.maxValue(MAX_MAGNITUDE, beyond),
      v.description(description),
    ),
  );
}

/**
 * Whether a number literal reads as the very number it names, as the store writes numbers (their
 * shortest form): a bound silently rounded (`0.99999999999999999` read as 1, `1e-400` as 0) would
 * lose matches. A literal beyond the numbers' range is left to the range check.
 */
function exactlyRead(literal: string): boolean {
  const read = Number(literal);
  return !Number.isFinite(read) || decimalOf(literal) === decimalOf(String(read));
}

/** A decimal literal as its significant digits and the place of their point: `2.50` and `25e-1` both `25e1`. */
function decimalOf(literal: string): string {
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(literal) ?? [];
  const all = whole + fraction;
  const first = all.search(/[1-9]/);
  if (first === -1) return '0';
  return `${sign}${all.slice(first).replace(/0+$/, '')}e${whole.length - first + Number(exponent)}`;
}

/** `items can be queried by category (string; index byCategory), with price[gt], … (number) and order=asc|desc; and paged with limit and cursor.` */
function queryableText(many: string, indexes: readonly QueryableIndex[]): string {
  if (indexes.length === 0) return `GET /${many} takes limit and cursor only: it declares no index to query.`;
  const each = indexes.map(({ name, partition, sort }) => {
    const conditions = sort
      ? `, with ${operatorsOf(sort)
          .map((operator) => `${sort.field}[${operator}]`)
          .join(', ')} (${typeName(sort)}) and order=asc|desc`
      : '';
    return `${partition.field}=… (${typeName(partition)}; index ${name})${conditions}`;
  });
  return `GET /${many} can be queried by ${each.join('; or by ')}; and paged with limit and cursor.`;
}

function typeName({ type }: KeyField): string {
  return type === 'S' ? 'string' : 'number';
}
