import { createHash } from 'node:crypto';
import { decodeOpaque, encodeOpaque } from '../records/cursor.js';
import { InvalidCursorError } from '../records/errors.js';
import { isChangeKey } from './history-table.js';

// A page of one record's history resumes after the last change it showed. The cursor carries a hash of
// the record's key (`h`) beside that change (`c`): a cursor of another record's history, or of a list or
// query of records (which have neither), is refused rather than resumed somewhere meaningless. Like the
// records' cursors it is not signed: a forged one can only name another change of the same record.
const MAX_HISTORY_CURSOR_LENGTH = 128;

export function encodeHistoryCursor(recordKey: string, change: string): string {
  return encodeOpaque({ h: fingerprint(recordKey), c: change });
}

/**
 * The change to resume after.
 * @throws InvalidCursorError for a cursor not issued for this record's history
 */
export function decodeHistoryCursor(cursor: string, recordKey: string): string {
  const { h, c, ...rest } = decodeOpaque(cursor, MAX_HISTORY_CURSOR_LENGTH);
  if (Object.keys(rest).length > 0 || h !== fingerprint(recordKey) || !isChangeKey(c)) throw new InvalidCursorError();
  return c;
}

function fingerprint(recordKey: string): string {
  return createHash('sha256').update(`history\n${recordKey}`).digest('base64url').slice(0, 16);
}
