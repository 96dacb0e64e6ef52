/** A CreateTable request (its JSON, as DynamoDB's API and the AWS SDK's `CreateTableCommand` take it). */
export interface TableDefinition {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' }[];
  BillingMode: 'PAY_PER_REQUEST';
}

/**
 * A record store's table: hash key `id` (string), on-demand billing. `infra/template.yaml` declares
 * the same tables for AWS; local tooling and tests create them from this.
 */
export function recordsTableDefinition(tableName: string): TableDefinition {
  return onDemandTable(tableName, 'id');
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
