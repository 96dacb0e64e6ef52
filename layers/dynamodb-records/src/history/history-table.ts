import type { TableDefinition } from '../records/table-definition.js';
import type { ChangeType } from './history-entry.js';

/** The history table's hash key: one partition per record, `<resource>#<id>`. */
export const RECORD_KEY_ATTRIBUTE = 'recordKey';
/** The history table's range key: one item per change, in the order the changes were made. */
export const CHANGE_ATTRIBUTE = 'change';

// Versions are zero-padded so that the string key sorts as the number would: 12 digits is a trillion
// writes of one record, beyond any that DynamoDB's write rate could reach.
const VERSION_DIGITS = 12;
const DELETED_SUFFIX = '#deleted';

/** Where one change to a record is kept: its record's partition, and its place among the record's changes. */
export interface HistoryKey {
  recordKey: string;
  change: string;
}

/**
 * The partition of one record's history. `#` separates, so a resource may not hold one (resources are
 * lowercase words joined by `-`); the id, last, may.
 * @throws RangeError for an empty resource or one holding `#`
 */
export function recordKeyOf(resource: string, id: string): string {
  if (resource.length === 0 || resource.includes('#'))
    throw new RangeError(`A resource's name may not be empty or hold "#"; got ${JSON.stringify(resource)}.`);
  return `${resource}#${id}`;
}

/**
 * The key of a change: the version it left (or, for a delete, the version it removed), with a delete
 * after the write of the same version, as it came after it.
 * @throws RangeError for a version that is not a positive integer of at most 12 digits
 */
export function historyKeyOf(resource: string, id: string, version: number, type: ChangeType): HistoryKey {
  if (!Number.isSafeInteger(version) || version < 1 || String(version).length > VERSION_DIGITS) {
    throw new RangeError(`A version is a positive integer of at most ${VERSION_DIGITS} digits; got ${version}.`);
  }
  const padded = String(version).padStart(VERSION_DIGITS, '0');
  return { recordKey: recordKeyOf(resource, id), change: type === 'deleted' ? `${padded}${DELETED_SUFFIX}` : padded };
}

/** Whether `value` is a change key `historyKeyOf` makes: how a cursor's position is checked. */
export function isChangeKey(value: unknown): value is string {
  return typeof value === 'string' && new RegExp(`^\\d{${VERSION_DIGITS}}(${DELETED_SUFFIX})?$`).test(value);
}

/**
 * The history table: every resource's records' changes, hash key `recordKey` (`<resource>#<id>`), range
 * key `change`, on-demand billing. The template declares the same table for AWS.
 */
export function historyTableDefinition(tableName: string): TableDefinition {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: RECORD_KEY_ATTRIBUTE, AttributeType: 'S' },
      { AttributeName: CHANGE_ATTRIBUTE, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: RECORD_KEY_ATTRIBUTE, KeyType: 'HASH' },
      { AttributeName: CHANGE_ATTRIBUTE, KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
