import { ConfigurationError } from '../settings/configuration-error.js';
import type { IndexDeclarations, KeyType } from './record.js';

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: KeyType;
}

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

/** A global secondary index as CreateTable (and UpdateTable's `Create`) take it. */
export interface GlobalSecondaryIndexDefinition {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType: 'ALL' };
}

/** A CreateTable request (its JSON, as DynamoDB's API and the AWS SDK's `CreateTableCommand` take it). */
export interface TableDefinition {
  TableName: string;
  /** The table's key, then each index's keys, in key order, each attribute once. */
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndexDefinition[];
  BillingMode: 'PAY_PER_REQUEST';
}

/**
 * A record store's table: hash key `id` (string), on-demand billing, and a global secondary index per
 * declared index. `infra/template.yaml` declares the same tables for AWS; local tooling and tests create
 * them from this.
 * @throws ConfigurationError when two indexes key one field with different types
 */
export function recordsTableDefinition(tableName: string, indexes: IndexDeclarations = {}): TableDefinition {
  const table = onDemandTable(tableName, 'id');
  const globalIndexes = Object.entries(indexes).map(([name, { partition, sort }]) => {
    const keys = [{ ...partition, keyType: 'HASH' as const }, ...(sort ? [{ ...sort, keyType: 'RANGE' as const }] : [])];
    for (const { field, type } of keys) {
      const defined = table.AttributeDefinitions.find(({ AttributeName }) => AttributeName === field);
      if (!defined) table.AttributeDefinitions.push({ AttributeName: field, AttributeType: type });
      else if (defined.AttributeType !== type) {
        throw new ConfigurationError(
          `Index "${name}" keys ${field} as ${type}, but it is ${defined.AttributeType} elsewhere in ${tableName}.`,
        );
      }
    }
    return {
      IndexName: name,
      KeySchema: keys.map(({ field, keyType }) => ({ AttributeName: field, KeyType: keyType })),
      // Every attribute, not only the keys: a query returns whole records, and an index that projected
      // fewer would need a GetItem per record to complete each one.
      Projection: { ProjectionType: 'ALL' as const },
    };
  });
  return globalIndexes.length === 0 ? table : { ...table, GlobalSecondaryIndexes: globalIndexes };
}

/** Where the record of each idempotency key expires, in epoch seconds: the table's TTL attribute. */
export const IDEMPOTENCY_EXPIRY_ATTRIBUTE = 'expiresAt';

/**
 * The idempotency table: one record per idempotency key (hash key `key`), removed by DynamoDB's
 * TTL after `expiresAt`. The template declares the same table, with TTL on.
 */
export function idempotencyTableDefinition(tableName: string): TableDefinition {
  return onDemandTable(tableName, 'key');
}

function onDemandTable(tableName: string, hashKey: string): TableDefinition {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: hashKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: hashKey, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
