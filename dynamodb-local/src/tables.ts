import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  type TableDescription,
  UpdateTableCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  type GlobalSecondaryIndexDefinition,
  historyTableDefinition,
  type IndexDeclarations,
  idempotencyTableDefinition,
  recordsTableDefinition,
  type TableDefinition,
} from '@items-api/dynamodb-records';

/** What `ensureRecordsTable` changed. */
export interface RecordsTableChanges {
  created: boolean;
  /** Indexes declared since the table was made, added to it. */
  addedIndexes: string[];
  /** Whether a stream was turned on for a table that had none. */
  addedStream: boolean;
}

export interface RecordsTableOptions {
  /**
   * A stream of every change with the record before and after it (`NEW_AND_OLD_IMAGES`), as a resource
   * that keeps history has on AWS: what its history is read from.
   */
  stream?: boolean | undefined;
}

// What a history is made of: a replace's changed fields need the record before and after it.
const STREAM_VIEW_TYPE = 'NEW_AND_OLD_IMAGES';

/**
 * Creates a record store's table (hash key `id`) with a global secondary index per declared index, and
 * a stream when asked, unless it exists; a table that exists gets each declared index it lacks, and the
 * stream when it has none, so that neither asks for the local data to be thrown away. An index it has
 * is left as it is, and one keyed otherwise than declared is refused, as is a stream of other images
 * (nothing is dropped or turned off here).
 */
export async function ensureRecordsTable(
  client: DynamoDBClient,
  tableName: string,
  indexes: IndexDeclarations = {},
  { stream = false }: RecordsTableOptions = {},
): Promise<RecordsTableChanges> {
  const definition = recordsTableDefinition(tableName, indexes);
  const existing = await describeTable(client, tableName);
  if (!existing) {
    await createTable(
      client,
      stream ? { ...definition, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW_TYPE } } : definition,
    );
    return { created: true, addedIndexes: [], addedStream: false };
  }
  const addedIndexes: string[] = [];
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    const present = existing.GlobalSecondaryIndexes?.find(({ IndexName }) => IndexName === index.IndexName);
    const had = present && indexShape(present.KeySchema ?? [], existing.AttributeDefinitions ?? [], present.Projection?.ProjectionType);
    const declared = indexShape(index.KeySchema, definition.AttributeDefinitions, index.Projection.ProjectionType);
    if (had && had !== declared) {
      throw new Error(
        `Table ${tableName} has an index ${index.IndexName} keyed on ${had}, declared on ${declared}: delete the table (or its index) to make it anew.`,
      );
    }
    if (!present) {
      await addIndex(client, definition, index);
      addedIndexes.push(index.IndexName);
    }
    await untilIndexActive(client, tableName, index.IndexName);
  }
  return { created: false, addedIndexes, addedStream: stream && (await addStream(client, existing)) };
}

/** Turns on the stream of a table that has none (UpdateTable takes one change per call). Returns whether it did. */
async function addStream(client: DynamoDBClient, table: TableDescription): Promise<boolean> {
  const { StreamEnabled, StreamViewType } = table.StreamSpecification ?? {};
  if (StreamEnabled && StreamViewType === STREAM_VIEW_TYPE) return false;
  if (StreamEnabled) {
    throw new Error(
      `Table ${table.TableName} streams ${StreamViewType}, not ${STREAM_VIEW_TYPE}: turn its stream off (or delete the table) to make it anew.`,
    );
  }
  await client.send(
    new UpdateTableCommand({ TableName: table.TableName, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW_TYPE } }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: table.TableName });
  return true;
}

/** Creates the table of `Idempotency-Key`s unless it exists. Returns whether it was created. */
export async function ensureIdempotencyTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  if (await describeTable(client, tableName)) return false;
  await createTable(client, idempotencyTableDefinition(tableName));
  return true;
}

/** Creates the table of every resource's history (see `historyTableDefinition`) unless it exists. Returns whether it was created. */
export async function ensureHistoryTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  if (await describeTable(client, tableName)) return false;
  await createTable(client, historyTableDefinition(tableName));
  return true;
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

/** The history table among the tables named `prefix`-something. */
export function historyTableFor(prefix: string): string {
  return `${prefix}-history`;
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function createTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  await client.send(new CreateTableCommand(definition));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: definition.TableName });
}

/**
 * One index added to an existing table (UpdateTable creates one per call). Its `AttributeDefinitions`
 * are its own keys only, hash key first: DynamoDB Local (3.x) takes others, or another order, and then
 * fails every query of the new index with an InternalFailure.
 */
async function addIndex(client: DynamoDBClient, table: TableDefinition, index: GlobalSecondaryIndexDefinition): Promise<void> {
  const attributes = index.KeySchema.map(({ AttributeName }) => table.AttributeDefinitions.find((a) => a.AttributeName === AttributeName)!);
  await client.send(
    new UpdateTableCommand({
      TableName: table.TableName,
      AttributeDefinitions: attributes,
      GlobalSecondaryIndexUpdates: [{ Create: index }],
    }),
  );
}

const INDEX_WAIT_MS = 60_000;
const INDEX_POLL_MS = 200;

/** Waits, within a bound, for an index to be built (backfilled) and queryable. */
async function untilIndexActive(client: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  const deadline = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const table = await describeTable(client, tableName);
    const index = table?.GlobalSecondaryIndexes?.find(({ IndexName }) => IndexName === indexName);
    if (table?.TableStatus === 'ACTIVE' && index?.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline) {
      throw new Error(
        `Index ${indexName} of table ${tableName} is still ${index?.IndexStatus ?? 'absent'} after ${INDEX_WAIT_MS / 1000} s.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
}

/** A key schema, as the SDK describes one (its fields optional) or as the layer defines one. */
type KeySchema = readonly { AttributeName?: string | undefined; KeyType?: string | undefined }[];

/** An index's keys with their types, and its projection: `category S (HASH), price N (RANGE); projection ALL`. */
function indexShape(
  keys: KeySchema,
  attributes: readonly { AttributeName?: string | undefined; AttributeType?: string | undefined }[],
  projection: string | undefined,
): string {
  const typeOf = (name: string | undefined) => attributes.find(({ AttributeName }) => AttributeName === name)?.AttributeType;
  const keyed = keys.map(({ AttributeName, KeyType }) => `${AttributeName} ${typeOf(AttributeName)} (${KeyType})`).join(', ');
  return `${keyed}; projection ${projection}`;
}

/** Deletes a table the local tooling made (records, idempotency or history), if it exists. */
export async function deleteTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
}
