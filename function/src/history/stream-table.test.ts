import { describe, expect, it } from 'vitest';
import { streamTableName } from './stream-table.js';

describe('streamTableName', () => {
  it('reads the table name from a stream ARN, dots, dashes and underscores kept', () => {
    expect(streamTableName('arn:aws:dynamodb:eu-west-1:123456789012:table/prod-items_v2.1/stream/2024-06-01T12:00:00.000')).toBe(
      'prod-items_v2.1',
    );
    // DynamoDB Local's streams, and other partitions, are read the same way.
    expect(streamTableName('arn:aws:dynamodb:ddblocal:000000000000:table/test-items/stream/2024-06-01T12:00:00.000')).toBe('test-items');
    expect(streamTableName('arn:aws-cn:dynamodb:cn-north-1:123456789012:table/items/stream/label')).toBe('items');
  });

  it.each([
    ['no ARN', undefined],
    ["a table's ARN, not its stream's", 'arn:aws:dynamodb:eu-west-1:123456789012:table/items'],
    ["another service's stream", 'arn:aws:kinesis:eu-west-1:123456789012:stream/items'],
    ["an index's ARN", 'arn:aws:dynamodb:eu-west-1:123456789012:table/items/index/byCategory'],
    ['a name too short to be a table', 'arn:aws:dynamodb:eu-west-1:123456789012:table/ab/stream/label'],
  ])('reads no table name from %s', (_, arn) => {
    expect(streamTableName(arn)).toBeUndefined();
  });
});
