import type { AnyKeyField, KeyType, SortCondition } from './record.js';

/** A key value of an index: a string or a number, as its `KeyType` says. */
export type KeyValue = string | number;

export interface Bound {
  value: KeyValue;
  inclusive: boolean;
}

/** A `SortCondition`, checked: a range of sort values (either end open), or a prefix. */
export interface SortRange {
  lower?: Bound;
  upper?: Bound;
  prefix?: string;
}

const OPERATORS = new Set(['gt', 'gte', 'lt', 'lte', 'beginsWith']);

// The numbers a key can hold here: the SDK's marshaller, which writes them, refuses any beyond the safe
// integers (±(2^53 − 1)), and DynamoDB none between 0 and 1E-130.
const MAX_MAGNITUDE = Number.MAX_SAFE_INTEGER;
const MIN_MAGNITUDE = 1e-130;
// DynamoDB's limit on a sort key's size (a partition key's is 2048).
const MAX_SORT_KEY_BYTES = 1024;

/**
 * Checks a sort condition against the index's sort key. A guard, not validation of user input (the
 * HTTP layer refuses bad input first): a malformed condition is a programming error, told plainly.
 * @throws RangeError for a malformed condition; TypeError for a value not of the key's type
 */
export function sortRange(condition: SortCondition | undefined, sortKey: AnyKeyField | undefined, index: string): SortRange {
  if (condition === undefined) return {};
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw new TypeError(`The sort condition on index "${index}" must be an object.`);
  }
  const given = Object.entries(condition).filter(([, value]) => value !== undefined);
  const unknown = given.find(([operator]) => !OPERATORS.has(operator));
  if (unknown) throw new RangeError(`Unknown sort operator "${unknown[0]}" on index "${index}": use gt, gte, lt, lte or beginsWith.`);
  if (given.length === 0) return {};
  if (!sortKey) throw new RangeError(`Index "${index}" has no sort key: it takes no sort condition.`);
  const { gt, gte, lt, lte, beginsWith } = condition;
  if (beginsWith !== undefined) {
    if (given.length > 1) throw new RangeError(`beginsWith on index "${index}" takes no other bound.`);
    if (sortKey.type !== 'S') throw new TypeError(`beginsWith needs a string sort key; ${sortKey.field} of index "${index}" is a number.`);
    return { prefix: checkedKeyValue(beginsWith, sortKey, index) as string };
  }
  if (gt !== undefined && gte !== undefined) throw new RangeError(`At most one lower bound (gt or gte) on index "${index}".`);
  if (lt !== undefined && lte !== undefined) throw new RangeError(`At most one upper bound (lt or lte) on index "${index}".`);
  const lower = gt ?? gte;
  const upper = lt ?? lte;
  return {
    ...(lower !== undefined && { lower: { value: checkedKeyValue(lower, sortKey, index), inclusive: gt === undefined } }),
    ...(upper !== undefined && { upper: { value: checkedKeyValue(upper, sortKey, index), inclusive: lt === undefined } }),
  };
}

/**
 * A value of a key of `type`, as DynamoDB takes one: a non-empty string (a key is never ''), or a
 * finite number within DynamoDB's range.
 * @throws TypeError, RangeError
 */
export function checkedKeyValue(value: unknown, key: AnyKeyField, index: string): KeyValue {
  const where = `${key.field} of index "${index}"`;
  if (key.type === 'S') {
    if (typeof value !== 'string') throw new TypeError(`${where} is a string; got ${typeof value}.`);
    if (value.length === 0) throw new RangeError(`${where} cannot be an empty string: DynamoDB keys never are.`);
    return value;
  }
  if (typeof value !== 'number') throw new TypeError(`${where} is a number; got ${typeof value}.`);
  const magnitude = Math.abs(value);
  if (!Number.isFinite(value) || magnitude > MAX_MAGNITUDE || (magnitude !== 0 && magnitude < MIN_MAGNITUDE)) {
    throw new RangeError(`${where} must be a number DynamoDB can store; got ${value}.`);
  }
  return value;
}

/** Whether `value` can be a sort key value of `type`, as DynamoDB and the marshaller take one (a cursor's, say). */
export function isSortKeyValue(value: unknown, type: KeyType): value is KeyValue {
  try {
    checkedKeyValue(value, { field: 'sort', type }, '');
  } catch {
    return false;
  }
  return typeof value !== 'string' || Buffer.byteLength(value) <= MAX_SORT_KEY_BYTES;
}

/**
 * Orders two sort values as DynamoDB orders them: numbers by value, strings by their UTF-8 bytes. Not
 * by JavaScript's `<`, which compares UTF-16 code units and puts U+10000 and above before U+E000–U+FFFF.
 */
export function compareKeys(a: KeyValue, b: KeyValue): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}

/** Whether a sort value is within the range (or starts with its prefix). */
export function inRange(range: SortRange, value: KeyValue): boolean {
  if (range.prefix !== undefined) return typeof value === 'string' && value.startsWith(range.prefix);
  const { lower, upper } = range;
  if (lower) {
    const order = compareKeys(value, lower.value);
    if (order < 0 || (order === 0 && !lower.inclusive)) return false;
  }
  if (upper) {
    const order = compareKeys(value, upper.value);
    if (order > 0 || (order === 0 && !upper.inclusive)) return false;
  }
  return true;
}

/** Whether no value can be in the range: its bounds cross, or meet with an end excluded (`gt: 5, lt: 5`). */
export function isEmptyRange({ lower, upper }: SortRange): boolean {
  if (!lower || !upper) return false;
  const order = compareKeys(lower.value, upper.value);
  return order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive));
}
