import { randomUUID } from 'node:crypto';
import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import { describe, expect, it } from 'vitest';
import { toAttributes } from '../dynamodb/attribute-values.js';
import { NotFoundError, PreconditionFailedError } from './errors.js';
import { deleteVersioned, replaceVersioned } from './versioned-write.js';

// The block alone, on a table of notes: nothing in it knows of any other entity.
const table = useRecordsTable('versioned-write');
const client = testDynamoDbClient();
const write = (id: string) => ({ client, tableName: table.name, entity: 'Note', id });

async function putNote(fields: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const note = {
    id,
    title: 'First',
    pages: 1,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
  await client.call('PutItem', { TableName: table.name, Item: toAttributes(note) });
  return id;
}

describe('replaceVersioned', () => {
  it('sets the fields and updatedAt, moves the version on, and keeps id and createdAt', async () => {
    const id = await putNote();
    const stored = await replaceVersioned({ ...write(id), fields: { title: 'Second', pages: 2 }, updatedAt: '2026-02-02T00:00:00.000Z' });
    expect(stored).toEqual({
      id,
      title: 'Second',
      pages: 2,
      version: 2,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      // The write's own token, by which a retry of it is recognised (see write-token.ts); the store drops it.
      writeToken: expect.any(String),
    });
    expect(await replaceVersioned({ ...write(id), ifMatch: [2], fields: { title: 'Third', pages: 3 }, updatedAt: 'later' })).toMatchObject({
      version: 3,
    });
  });

  it('is refused at another version (precondition failed), and never creates (not found)', async () => {
    const id = await putNote();
    await expect(replaceVersioned({ ...write(id), ifMatch: [7, 8], fields: { title: 'x' }, updatedAt: 'now' })).rejects.toEqual(
      new PreconditionFailedError('Note', id),
    );
    const absent = randomUUID();
    await expect(replaceVersioned({ ...write(absent), fields: { title: 'x' }, updatedAt: 'now' })).rejects.toEqual(
      new NotFoundError('Note', absent),
    );
    await expect(replaceVersioned({ ...write(absent), ifMatch: '*', fields: { title: 'x' }, updatedAt: 'now' })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    const unchanged = await client.call<{ Item?: Record<string, unknown> }>('GetItem', {
      TableName: table.name,
      Key: toAttributes({ id }),
      ConsistentRead: true,
    });
    expect(unchanged.Item).toMatchObject({ title: { S: 'First' }, version: { N: '1' } });
    const created = await client.call<{ Item?: unknown }>('GetItem', {
      TableName: table.name,
      Key: toAttributes({ id: absent }),
      ConsistentRead: true,
    });
    expect(created.Item).toBeUndefined();
  });

  it('removes a field it is given undefined, rather than failing the write', async () => {
    const id = await putNote({ subtitle: 'Old' });
    const stored = await replaceVersioned({ ...write(id), fields: { title: 'Plain', subtitle: undefined }, updatedAt: 'now' });
    expect(stored).toMatchObject({ id, title: 'Plain', version: 2 });
    expect(stored).not.toHaveProperty('subtitle');
  });

  it('takes a record written before versions existed as version 1', async () => {
    const id = await putNote({ version: undefined });
    expect(await replaceVersioned({ ...write(id), ifMatch: [1], fields: { title: 'Old' }, updatedAt: 'now' })).toMatchObject({
      version: 2,
    });
  });

  it('refuses an id no store issues without asking DynamoDB', async () => {
    const silent = { call: () => Promise.reject(new Error('DynamoDB was asked')), destroy: () => undefined };
    await expect(
      replaceVersioned({ ...write('not-an-id'), client: silent, fields: { title: 'x' }, updatedAt: 'now' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteVersioned({ ...write('not-an-id'), client: silent })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('deleteVersioned', () => {
  it('deletes at the named version or with *, and refuses at another', async () => {
    const id = await putNote();
    await expect(deleteVersioned({ ...write(id), ifMatch: [2] })).rejects.toEqual(new PreconditionFailedError('Note', id));
    await deleteVersioned({ ...write(id), ifMatch: [1] });
    await expect(deleteVersioned(write(id))).rejects.toEqual(new NotFoundError('Note', id));
    const other = await putNote();
    await deleteVersioned({ ...write(other), ifMatch: '*' });
    await expect(deleteVersioned({ ...write(other), ifMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
  });
});
