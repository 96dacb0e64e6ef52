import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { idempotencyTableDefinition, recordsTableDefinition } from '@items-api/dynamodb-records';
import { RESOURCE_TABLES, type ResourceTable } from '@items-api/function/resources';

/** Creates a record store's table (hash key `id`) unless it exists. Returns whether it was created. */
export function ensureRecordsTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  return ensureTable(client, recordsTableDefinition(tableName));
}

/** Creates the table of `Idempotency-Key`s unless it exists. Returns whether it was created. */
export function ensureIdempotencyTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  return ensureTable(client, idempotencyTableDefinition(tableName));
}

/** The idempotency table's name beside an items table's, where nothing else names it. */
export function idempotencyTableFor(itemsTableName: string): string {
  return `${itemsTableName}-idempotency`;
}

async function ensureTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
    return false;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(definition));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: definition.TableName });
  return true;
}

/** Deletes a table the local tooling made (items or idempotency), if it exists. */
export async function deleteTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}

/**
 * The template's tables as the local runner is to name them: each resource's (`ItemsTable`: the items
 * table given; another's: `<items table>-<resource>`) and the idempotency table beside the items table.
 */
export function templateTables(itemsTableName: string): Record<string, string> {
  const nameOf = (table: ResourceTable) => (table.name === 'items' ? itemsTableName : `${itemsTableName}-${table.name}`);
  return {
    ...Object.fromEntries(RESOURCE_TABLES.map((table) => [table.tableResource, nameOf(table)])),
    IdempotencyTable: idempotencyTableFor(itemsTableName),
  };
}
