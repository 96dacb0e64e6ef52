import { InvalidCursorError } from './errors.js';
import { isRecordId } from './record-id.js';

/** Where a Scan resumes: the key of the last record of the previous page. */
export interface ScanPosition {
  id: string;
}

// A cursor is the base64url JSON of a table key. It is not signed: the only thing a forged one can do is
// name another key of this table to start after, so it cannot read outside the table's records.
const MAX_CURSOR_LENGTH = 128;

export function encodeCursor(position: ScanPosition): string {
  return Buffer.from(JSON.stringify({ id: position.id }), 'utf8').toString('base64url');
}

/** @throws InvalidCursorError for anything `encodeCursor` did not produce. */
export function decodeCursor(cursor: string): ScanPosition {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!isScanPosition(decoded)) throw new InvalidCursorError();
  return { id: decoded.id };
}

function isScanPosition(value: unknown): value is ScanPosition {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    isRecordId((value as { id?: unknown }).id)
  );
}
