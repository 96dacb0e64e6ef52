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
  return encodeOpaque({ id: position.id });
}

/** @throws InvalidCursorError for anything `encodeCursor` did not produce. */
export function decodeCursor(cursor: string): ScanPosition {
  const decoded = decodeOpaque(cursor, MAX_CURSOR_LENGTH);
  if (!isScanPosition(decoded)) throw new InvalidCursorError();
  return { id: decoded.id };
}

/** A JSON value as an opaque, URL-safe string: what every cursor is made of. */
export function encodeOpaque(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The object `encodeOpaque` made, unchecked beyond being an object. @throws InvalidCursorError */
export function decodeOpaque(cursor: string, maxLength: number): Record<string, unknown> {
  if (cursor.length === 0 || cursor.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError();
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new InvalidCursorError();
  return decoded as Record<string, unknown>;
}

function isScanPosition(value: Record<string, unknown>): value is Record<string, unknown> & ScanPosition {
  return Object.keys(value).length === 1 && isRecordId(value.id);
}
