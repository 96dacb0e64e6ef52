import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STAND_IN_CREDENTIALS } from '@items-api/dynamodb-local/stand-in-aws';
import { ensureRecordsTable, historyTableFor, recordsTableFor } from '@items-api/dynamodb-local/tables';
import { createDynamoDbClient, type DynamoDbClient, DynamoDbRecordLoader } from '@items-api/dynamodb-records';
import { itemsTable } from '@items-api/function/resources';
import { templateTables } from '@items-api/local/template-tables';

export interface SetupClients {
  /** The AWS SDK, for what the store does not do: creating tables. */
  dynamoDb: DynamoDBClient;
  /** The store's own client, for the seed data. */
  store: DynamoDbClient;
}

/** DynamoDB Local clients for the benchmark's own setup (tables, seed data). DynamoDB Local takes any credentials. */
export function setupClients(endpoint: string, region: string): SetupClients {
  const credentials = STAND_IN_CREDENTIALS;
  return {
    dynamoDb: new DynamoDBClient({ endpoint, region, credentials }),
    store: createDynamoDbClient({ endpoint, region, credentials }),
  };
}

/**
 * The template's tables as the benchmark names them (`templateTables`), the history table among them:
 * both functions name it (`HISTORY_TABLE_NAME: !Ref HistoryTable`).
 */
export function benchTemplateTables(tablePrefix: string): Record<string, string> {
  return { HistoryTable: historyTableFor(tablePrefix), ...templateTables(tablePrefix) };
}

/** What a writer gives for an item: what the samples make. */
export type ItemInput = ReturnType<typeof itemsTable.sample>;

/**
 * The item the warm run creates (POST /items), and the one its GET reads: a typical item, with a
 * category, so that its write also writes the sparse index `byCategory` (an item without one is in no
 * index), as most items' do.
 */
export const BENCH_ITEM = { name: 'Bench', price: 1, description: 'Made by the benchmark.', category: 'kitchen' } as const;

/** The items most of the benchmark reads: alike in size, with no category (so in no index). */
export function plainItem(i: number): ItemInput {
  return { name: `Item ${i}`, price: 100 + (i % 25), description: 'Seeded for the benchmark.' };
}

/**
 * A new items table, made with the items' indexes, holding `count` items made by `make` (plain ones
 * unless told); returns its name, the ids, and the prefix `templateTables` names it by
 * (`<tablePrefix>-items`), for the runner and the handlers.
 */
export async function seededTable(
  clients: SetupClients,
  prefix: string,
  count: number,
  make: (i: number) => ItemInput = plainItem,
): Promise<{ tablePrefix: string; tableName: string; ids: string[] }> {
  const tablePrefix = `${prefix}-${randomUUID().slice(0, 8)}`;
  const tableName = recordsTableFor(tablePrefix, itemsTable.name);
  await ensureRecordsTable(clients.dynamoDb, tableName, itemsTable.declaration.indexes);
  // The store's batch path (BatchWriteItem, unprocessed items retried), items made as the API makes them.
  const items = await new DynamoDbRecordLoader(itemsTable.declaration, { client: clients.store, tableName }).createMany(
    Array.from({ length: count }, (_, i) => make(i)),
  );
  return { tablePrefix, tableName, ids: items.map((item) => item.id) };
}
