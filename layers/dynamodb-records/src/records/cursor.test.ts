import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { InvalidCursorError } from './errors.js';

const id = '0b5c2a8e-3f7d-4c1e-9a6b-2d4f8e1c7a90';
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursor', () => {
  it('round-trips a scan position', () => {
    expect(decodeCursor(encodeCursor({ id }))).toEqual({ id });
  });

  it('is opaque: URL-safe, no JSON in sight', () => {
    expect(encodeCursor({ id })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{id:').toString('base64url')],
    ['an array', encode([id])],
    ['a non-UUID id', encode({ id: 'x' })],
    ['another key', encode({ pk: id })],
    ['an extra key', encode({ id, other: 1 })],
    ['too long', 'A'.repeat(129)],
  ])('rejects %s', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });
});
