import { createHash } from 'node:crypto';
import { decodeOpaque, encodeOpaque } from './cursor.js';
import { InvalidCursorError } from './errors.js';
import type { KeyType } from './record.js';
import { isRecordId } from './record-id.js';
import { inRange, isSortKeyValue, type KeyValue, type SortRange } from './sort-range.js';

/** What a query's page is of: a cursor of one query is refused by every other. */
export interface QueryIdentity {
  entity: string;
  index: string;
  partition: KeyValue;
  range: SortRange;
  order: 'asc' | 'desc';
}

/**
 * Where a Query resumes: the last record returned, by its table key and its index sort key (the
 * partition is the query's own). With the partition, DynamoDB's `ExclusiveStartKey` for an index.
 */
export interface QueryPosition {
  id: string;
  sort?: KeyValue;
}

// The cursor carries a hash of its query (`q`) beside the position: a cursor of another query (or a
// scan's, which has no `q`) is refused rather than resumed at a key that means nothing there. Like the
// scan's, it is not signed: a forged one names another position within the same query (checked to be
// in its range), so it reads nothing the query would not.
// The longest cursor: an index sort key is at most 1024 bytes, which JSON escapes to at most 6 characters
// a byte, plus the hash and the id, in base64url (4 characters for 3).
const MAX_QUERY_CURSOR_LENGTH = Math.ceil(((6 * 1024 + 128) * 4) / 3);

export function encodeQueryCursor(query: QueryIdentity, position: QueryPosition): string {
  return encodeOpaque({ q: fingerprint(query), id: position.id, ...(position.sort !== undefined && { s: position.sort }) });
}

/**
 * @param sortType the index's sort key type, or undefined when it has none
 * @throws InvalidCursorError for a cursor not issued for this very query, or with a position outside it
 */
export function decodeQueryCursor(cursor: string, query: QueryIdentity, sortType: KeyType | undefined): QueryPosition {
  const { q, id, s, ...rest } = decodeOpaque(cursor, MAX_QUERY_CURSOR_LENGTH);
  if (Object.keys(rest).length > 0 || q !== fingerprint(query) || !isRecordId(id)) throw new InvalidCursorError();
  if (sortType === undefined) {
    if (s !== undefined) throw new InvalidCursorError();
    return { id };
  }
  if (!isSortKeyValue(s, sortType) || !inRange(query.range, s)) throw new InvalidCursorError();
  return { id, sort: s };
}

function fingerprint({ entity, index, partition, range, order }: QueryIdentity): string {
  const canonical = JSON.stringify([entity, index, partition, range.lower ?? null, range.upper ?? null, range.prefix ?? null, order]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}
