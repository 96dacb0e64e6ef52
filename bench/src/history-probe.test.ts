import { describe, expect, it } from 'vitest';
import { replayOf } from './history-probe.js';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const put = (body: Record<string, unknown>, operation = 'PutItem') => ({
  operation,
  host: 'localhost:8000',
  path: '/',
  body: JSON.stringify(body),
});
const entry = {
  TableName: 'bench-history',
  Item: {
    recordKey: { S: `items#${ID}` },
    change: { S: '000000000001' },
    id: { S: ID },
    record: { M: { id: { S: ID }, name: { S: 'Bench' } } },
  },
  ConditionExpression: 'attribute_not_exists(#recordKey)',
  ExpressionAttributeNames: { '#recordKey': 'recordKey' },
};

describe("the replay of HistoryFunction's PutItem", () => {
  it('is the same request under a fresh id of the same length, wherever the id occurs, asking for its capacity', () => {
    const replay = replayOf(put(entry), 'bench-history') as typeof entry & { ReturnConsumedCapacity: string };
    const fresh = replay.Item.id.S;
    expect(fresh).not.toBe(ID);
    expect(fresh).toHaveLength(ID.length);
    expect(replay.Item.recordKey.S).toBe(`items#${fresh}`);
    expect(replay.Item.record.M.id.S).toBe(fresh);
    expect(replay.ReturnConsumedCapacity).toBe('TOTAL');
    // Nothing else changed, and the item is as large.
    const { ReturnConsumedCapacity: _, ...rest } = replay;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(entry).split(ID).join(fresh));
    expect(JSON.stringify(rest)).toHaveLength(JSON.stringify(entry).length);
  });

  it('refuses anything but a PutItem on the history table that asked for no capacity', () => {
    expect(() => replayOf(put(entry, 'UpdateItem'), 'bench-history')).toThrow(/not a PutItem/);
    expect(() => replayOf(put(entry), 'other-history')).toThrow(/not a PutItem on other-history/);
    expect(() => replayOf(put({ ...entry, ReturnConsumedCapacity: 'TOTAL' }), 'bench-history')).toThrow(/already/);
    expect(() => replayOf(put({ ...entry, Item: { ...entry.Item, id: { N: '1' } } }), 'bench-history')).toThrow(/record's id/);
  });
});
