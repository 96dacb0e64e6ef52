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

/** Creates a record store's table (hash key `id`) unless it exists. Returns whether it was created. */
export function ensureRecordsTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  return ensureTable(client, recordsTableDefinition(tableName));
}

/** Creates the table of `Idempotency-Key`s unless it exists. Returns whether it was created. */
export function ensureIdempotencyTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  return ensureTable(client, idempotencyTableDefinition(tableName));
}

// Tables made for one purpose (a test file, a local stack) share a prefix, so that they are told apart
// from another purpose's in the same DynamoDB Local, and found together.

/** The table of the records of `resource` among the tables named `prefix`-something. */
export function recordsTableFor(prefix: string, resource: string): string {
  return `${prefix}-${resource}`;
}

/** The idempotency table among the tables named `prefix`-something. */
export function idempotencyTableFor(prefix: string): string {
  return `${prefix}-idempotency`;
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

/** Deletes a table the local tooling made (records or idempotency), if it exists. */
export async function deleteTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}
