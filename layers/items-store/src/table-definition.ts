import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The items table as the store expects it: hash key `id` (string), on-demand billing.
 * `infra/template.yaml` declares the same table for AWS; local tooling and tests create it from this.
 */
export function itemsTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
