import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import type { IndexDeclarations } from '@items-api/dynamodb-records';
import { historyTableDefinition, recordsTableDefinition } from '@items-api/dynamodb-records';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { standInAws } from './stand-in-aws.js';
import { deleteTable, ensureHistoryTable, ensureRecordsTable } from './tables.js';

// On the run's DynamoDB Local: a table made with its indexes, and indexes declared later added to a
// table that has records, which they then index.
const client = new DynamoDBClient({ endpoint: inject('dynamoDbEndpoint'), ...standInAws() });
const made: string[] = [];
afterAll(async () => {
  for (const name of made) await deleteTable(client, name);
  client.destroy();
});
const newTableName = () => {
  const name = `test-tables-${randomUUID().slice(0, 8)}`;
  made.push(name);
  return name;
};

const BY_SHELF: IndexDeclarations = { byShelf: { partition: { field: 'shelf', type: 'S' }, sort: { field: 'rank', type: 'N' } } };
const BY_SHELF_AND_TITLE: IndexDeclarations = {
  ...BY_SHELF,
  byTitle: { partition: { field: 'shelf', type: 'S' }, sort: { field: 'title', type: 'S' } },
  byYear: { partition: { field: 'year', type: 'N' } },
};

const describeTable = async (name: string) => (await client.send(new DescribeTableCommand({ TableName: name }))).Table!;
const idsOf = async (name: string, index: string, key: string, value: AttributeValue) =>
  (
    await client.send(
      new QueryCommand({
        TableName: name,
        IndexName: index,
        KeyConditionExpression: '#k = :v',
        ExpressionAttributeNames: { '#k': key },
        ExpressionAttributeValues: { ':v': value },
      }),
    )
  ).Items!.map((item) => item.id!.S);

describe('ensureRecordsTable', () => {
  it('makes a table with its indexes, each projecting whole records, billed on demand', async () => {
    const name = newTableName();
    await expect(ensureRecordsTable(client, name, BY_SHELF_AND_TITLE)).resolves.toEqual({
      created: true,
      addedIndexes: [],
      addedStream: false,
    });
    const table = await describeTable(name);
    expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.GlobalSecondaryIndexes?.map(({ IndexName, Projection, IndexStatus }) => ({ IndexName, Projection, IndexStatus }))).toEqual(
      expect.arrayContaining(
        ['byShelf', 'byTitle', 'byYear'].map((IndexName) => ({ IndexName, Projection: { ProjectionType: 'ALL' }, IndexStatus: 'ACTIVE' })),
      ),
    );
    await expect(ensureRecordsTable(client, name, BY_SHELF_AND_TITLE)).resolves.toEqual({
      created: false,
      addedIndexes: [],
      addedStream: false,
    });
  });

  it('adds to a table that has records the indexes declared since, one by one, and they index those records', async () => {
    const name = newTableName();
    await ensureRecordsTable(client, name);
    const books = [
      { id: 'b1', shelf: 'poetry', rank: 2, title: 'Odes', year: 1819 },
      { id: 'b2', shelf: 'poetry', rank: 1, title: 'Leaves', year: 1855 },
      { id: 'b3', shelf: 'novels', rank: 1, title: 'Emma', year: 1815 },
    ];
    for (const { id, shelf, rank, title, year } of books) {
      await client.send(
        new PutItemCommand({
          TableName: name,
          Item: { id: { S: id }, shelf: { S: shelf }, rank: { N: String(rank) }, title: { S: title }, year: { N: String(year) } },
        }),
      );
    }

    await expect(ensureRecordsTable(client, name, BY_SHELF)).resolves.toEqual({
      created: false,
      addedIndexes: ['byShelf'],
      addedStream: false,
    });
    // Two more at once, one sharing an attribute with the index already there.
    await expect(ensureRecordsTable(client, name, BY_SHELF_AND_TITLE)).resolves.toEqual({
      created: false,
      addedIndexes: ['byTitle', 'byYear'],
      addedStream: false,
    });
    expect(await idsOf(name, 'byShelf', 'shelf', { S: 'poetry' })).toEqual(['b2', 'b1']);
    expect(await idsOf(name, 'byTitle', 'shelf', { S: 'poetry' })).toEqual(['b2', 'b1']);
    expect(await idsOf(name, 'byYear', 'year', { N: '1815' })).toEqual(['b3']);
    await expect(ensureRecordsTable(client, name, BY_SHELF_AND_TITLE)).resolves.toEqual({
      created: false,
      addedIndexes: [],
      addedStream: false,
    });
  });

  it('refuses an index keyed otherwise than declared, rather than drop it', async () => {
    const name = newTableName();
    await ensureRecordsTable(client, name, BY_SHELF);
    const rekeyed: IndexDeclarations = { byShelf: { partition: { field: 'shelf', type: 'S' }, sort: { field: 'title', type: 'S' } } };
    await expect(ensureRecordsTable(client, name, rekeyed)).rejects.toThrow(
      `Table ${name} has an index byShelf keyed on shelf S (HASH), rank N (RANGE); projection ALL, declared on shelf S (HASH), title S (RANGE); projection ALL`,
    );
    // The same key names with another type is another index too.
    const retyped: IndexDeclarations = { byShelf: { partition: { field: 'shelf', type: 'S' }, sort: { field: 'rank', type: 'S' } } };
    await expect(ensureRecordsTable(client, name, retyped)).rejects.toThrow(
      'keyed on shelf S (HASH), rank N (RANGE); projection ALL, declared on shelf S (HASH), rank S (RANGE)',
    );
  });
});

const streamOf = async (name: string) => {
  const { StreamSpecification, LatestStreamArn } = await describeTable(name);
  return { ...StreamSpecification, arn: LatestStreamArn };
};
const NEW_AND_OLD_IMAGES = { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES', arn: expect.stringContaining(':table/') };

describe('ensureRecordsTable with a stream', () => {
  it('makes a table that streams each change with the record before and after it', async () => {
    const name = newTableName();
    await expect(ensureRecordsTable(client, name, BY_SHELF, { stream: true })).resolves.toEqual({
      created: true,
      addedIndexes: [],
      addedStream: false,
    });
    expect(await streamOf(name)).toEqual(NEW_AND_OLD_IMAGES);
    await expect(ensureRecordsTable(client, name, BY_SHELF, { stream: true })).resolves.toEqual({
      created: false,
      addedIndexes: [],
      addedStream: false,
    });
  });

  it('makes none unless asked, and leaves one there', async () => {
    const name = newTableName();
    await ensureRecordsTable(client, name);
    expect((await streamOf(name)).arn).toBeUndefined();
    await ensureRecordsTable(client, name, {}, { stream: true });
    await expect(ensureRecordsTable(client, name)).resolves.toMatchObject({ addedStream: false });
    expect(await streamOf(name)).toEqual(NEW_AND_OLD_IMAGES);
  });

  it('turns the stream on for a table made without one, beside an index declared since', async () => {
    const name = newTableName();
    await ensureRecordsTable(client, name);
    await expect(ensureRecordsTable(client, name, BY_SHELF, { stream: true })).resolves.toEqual({
      created: false,
      addedIndexes: ['byShelf'],
      addedStream: true,
    });
    const table = await describeTable(name);
    expect(table.TableStatus).toBe('ACTIVE');
    expect(await streamOf(name)).toEqual(NEW_AND_OLD_IMAGES);
    await expect(ensureRecordsTable(client, name, BY_SHELF, { stream: true })).resolves.toMatchObject({ addedStream: false });
  });

  it('refuses a table streaming other images, rather than turn its stream off', async () => {
    const name = newTableName();
    await client.send(
      new CreateTableCommand({
        ...recordsTableDefinition(name),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    await expect(ensureRecordsTable(client, name, {}, { stream: true })).rejects.toThrow(
      `Table ${name} streams KEYS_ONLY, not NEW_AND_OLD_IMAGES`,
    );
  });
});

describe('ensureHistoryTable', () => {
  it('makes the history table once, keyed as defined', async () => {
    const name = newTableName();
    await expect(ensureHistoryTable(client, name)).resolves.toBe(true);
    await expect(ensureHistoryTable(client, name)).resolves.toBe(false);
    const table = await describeTable(name);
    const defined = historyTableDefinition(name);
    expect(table.KeySchema).toEqual(defined.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining(defined.AttributeDefinitions));
    expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
