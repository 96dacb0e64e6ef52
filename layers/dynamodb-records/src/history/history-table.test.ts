import { describe, expect, it } from 'vitest';
import { historyKeyOf, historyTableDefinition, isChangeKey, recordKeyOf } from './history-table.js';

describe('historyTableDefinition', () => {
  it('keys one partition per record and one item per change, billed on demand', () => {
    expect(historyTableDefinition('h')).toEqual({
      TableName: 'h',
      AttributeDefinitions: [
        { AttributeName: 'recordKey', AttributeType: 'S' },
        { AttributeName: 'change', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'recordKey', KeyType: 'HASH' },
        { AttributeName: 'change', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });
});

describe('historyKeyOf', () => {
  it('sorts changes as their versions, a delete after the write of its version', () => {
    const keys = [
      historyKeyOf('items', 'a', 10, 'replaced'),
      historyKeyOf('items', 'a', 2, 'deleted'),
      historyKeyOf('items', 'a', 1, 'created'),
      historyKeyOf('items', 'a', 2, 'replaced'),
      historyKeyOf('items', 'a', 999_999_999_999, 'replaced'),
    ].map(({ change }) => change);
    // DynamoDB orders a string range key by its bytes, as `sort` does ASCII strings.
    expect(keys.toSorted()).toEqual(['000000000001', '000000000002', '000000000002#deleted', '000000000010', '999999999999']);
    expect(keys.every(isChangeKey)).toBe(true);
    expect(historyKeyOf('items', 'a', 1, 'created').recordKey).toBe('items#a');
  });

  it.each([0, -1, 1.5, Number.NaN, 1e12])('refuses version %s', (version) => {
    expect(() => historyKeyOf('items', 'a', version, 'created')).toThrow(RangeError);
  });

  it('refuses a resource that could be read as another', () => {
    expect(() => recordKeyOf('it#ems', 'a')).toThrow(RangeError);
    expect(() => recordKeyOf('', 'a')).toThrow(RangeError);
  });
});

describe('isChangeKey', () => {
  it.each(['1', '00000000001#deleted', '000000000001#removed', '000000000001 ', 1])('refuses %j', (value) => {
    expect(isChangeKey(value)).toBe(false);
  });
});
