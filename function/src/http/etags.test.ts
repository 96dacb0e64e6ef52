import { describe, expect, it } from 'vitest';
import { etagOf, ifMatchCondition, noneMatchHolds } from './etags.js';

describe('entity tags', () => {
  it('quotes the version', () => {
    expect(etagOf(3)).toBe('"3"');
  });

  it('reads If-Match as the versions of its strong tags, * as any, and nothing without the header', () => {
    expect(ifMatchCondition(undefined)).toBeUndefined();
    expect(ifMatchCondition(' * ')).toBe('*');
    expect(ifMatchCondition('"2"')).toEqual([2]);
    expect(ifMatchCondition('"2", W/"3", "4"')).toEqual([2, 4]);
    // Tags this API never issues match nothing, rather than everything.
    expect(ifMatchCondition('"abc", "0", "-1", "1.5", 2')).toEqual([]);
    expect(ifMatchCondition('"99999999999999999"')).toEqual([]);
  });

  it('compares If-None-Match weakly, * matching any version', () => {
    expect(noneMatchHolds(undefined, 1)).toBe(false);
    expect(noneMatchHolds('"1"', 1)).toBe(true);
    expect(noneMatchHolds('W/"1"', 1)).toBe(true);
    expect(noneMatchHolds('"2", "1"', 1)).toBe(true);
    expect(noneMatchHolds('"2"', 1)).toBe(false);
    expect(noneMatchHolds('*', 5)).toBe(true);
  });
});
