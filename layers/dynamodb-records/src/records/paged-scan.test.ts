import { randomUUID } from 'node:crypto';
import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { toAttributes } from '../dynamodb/attribute-values.js';
import { InvalidCursorError } from './errors.js';
import { scanPage } from './paged-scan.js';

// The block alone, on a table of 7 tags.
const table = useRecordsTable('paged-scan');
const client = testDynamoDbClient();
const ids = Array.from({ length: 7 }, () => randomUUID());
beforeAll(async () => {
  for (const id of ids) await client.call('PutItem', { TableName: table.name, Item: toAttributes({ id, label: `tag ${id}` }) });
});
const page = (limit: number, cursor?: string) =>
  scanPage(client, table.name, { limit, cursor }, (attributes) => ({ id: String(attributes.id), label: attributes.label }));

describe('scanPage', () => {
  it('pages through every record once, each page full, and gives no cursor after the last', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const result = await page(3, cursor);
      sizes.push(result.items.length);
      seen.push(...result.items.map((record) => record.id));
      cursor = result.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('never leads to an empty page: a page that ends the table has no cursor', async () => {
    const first = await page(4);
    const last = await page(3, first.nextCursor);
    expect(last.items).toHaveLength(3);
    expect(last.nextCursor).toBeUndefined();
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(page(3, 'bm90LWEtY3Vyc29y')).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
