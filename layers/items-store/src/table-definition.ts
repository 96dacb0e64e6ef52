/** A CreateTable request (its JSON, as DynamoDB's API and the AWS SDK's `CreateTableCommand` take it). */
export interface TableDefinition {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' }[];
  KeySchema: { AttributeName: string; KeyType: 'HASH' }[];
  BillingMode: 'PAY_PER_REQUEST';
}

/**
 * The items table as the store expects it: hash key `id` (string), on-demand billing.
 * `infra/template.yaml` declares the same table for AWS; local tooling and tests create it from this.
 */
export function itemsTableDefinition(tableName: string): TableDefinition {
  return onDemandTable(tableName, 'id');
}

/** Where a record of each `Idempotency-Key` expires, in epoch seconds: the table's TTL attribute. */
export const IDEMPOTENCY_EXPIRY_ATTRIBUTE = 'expiresAt';

/**
 * The idempotency table: one record per `Idempotency-Key` (hash key `key`), removed by DynamoDB's
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
