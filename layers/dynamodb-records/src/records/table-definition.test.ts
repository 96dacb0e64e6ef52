import { describe, expect, it } from 'vitest';
import { PRODUCTS } from '../test-entities.js';
import { ConfigurationError } from './errors.js';
import { recordsTableDefinition } from './table-definition.js';

describe('recordsTableDefinition', () => {
  it('is keyed by id alone, with no index list, when no index is declared', () => {
    expect(recordsTableDefinition('t')).toEqual({
      TableName: 't',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('defines each key field once, and an index per declared one projecting every attribute', () => {
    const definition = recordsTableDefinition('t', PRODUCTS.indexes);
    expect(definition.AttributeDefinitions).toEqual([
      { AttributeName: 'id', AttributeType: 'S' },
      { AttributeName: 'category', AttributeType: 'S' },
      { AttributeName: 'price', AttributeType: 'N' },
      { AttributeName: 'sku', AttributeType: 'S' },
    ]);
    expect(definition.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byCategoryPrice',
        KeySchema: [
          { AttributeName: 'category', KeyType: 'HASH' },
          { AttributeName: 'price', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'byCategorySku',
        KeySchema: [
          { AttributeName: 'category', KeyType: 'HASH' },
          { AttributeName: 'sku', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      { IndexName: 'byPrice', KeySchema: [{ AttributeName: 'price', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
    ]);
    expect(definition.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('refuses a field keyed as a string by one index and a number by another', () => {
    const indexes = {
      a: { partition: { field: 'code', type: 'S' as const } },
      b: { partition: { field: 'code', type: 'N' as const } },
    };
    expect(() => recordsTableDefinition('t', indexes)).toThrow(ConfigurationError);
    expect(() => recordsTableDefinition('t', indexes)).toThrow('Index "b" keys code as N, but it is S elsewhere in t.');
  });
});
