import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from './errors.js';
import { decodeQueryCursor, encodeQueryCursor, type QueryIdentity } from './query-cursor.js';

// A cursor is not signed: one forged with the right hash must still never reach DynamoDB with a key it refuses.

const identity: QueryIdentity = { entity: 'Widget', index: 'byShelf', partition: 'top', range: {}, order: 'asc' };
const id = randomUUID();

describe('decodeQueryCursor', () => {
  it('gives back the position it was issued with', () => {
    expect(decodeQueryCursor(encodeQueryCursor(identity, { id, sort: 12.5 }), identity, 'N')).toEqual({ id, sort: 12.5 });
    expect(decodeQueryCursor(encodeQueryCursor(identity, { id, sort: 'b' }), identity, 'S')).toEqual({ id, sort: 'b' });
  });

  it.each([
    ['an empty string', 'S', ''],
    ['a string over 1024 bytes', 'S', 'é'.repeat(513)],
    ['a number beyond the safe integers', 'N', 1e20],
    ['a number too close to 0', 'N', 1e-200],
    ['a value of the other type', 'N', '12'],
  ] as const)('refuses a sort value DynamoDB or the marshaller would refuse: %s', (_, type, sort) => {
    const forged = encodeQueryCursor(identity, { id, sort });
    expect(() => decodeQueryCursor(forged, identity, type)).toThrow(InvalidCursorError);
  });

  it('refuses a cursor of another query', () => {
    const other = encodeQueryCursor({ ...identity, order: 'desc' }, { id, sort: 1 });
    expect(() => decodeQueryCursor(other, identity, 'N')).toThrow(InvalidCursorError);
  });
});
