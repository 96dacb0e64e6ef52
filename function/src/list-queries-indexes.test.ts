import { testDynamoDbClient, useRecordsTable } from '@items-api/test-support/dynamodb';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defineResource, recordDeclarationOf } from './resources/index.js';

// A resource of the test's own with several indexes, two on one partition field: the query picks the
// index whose sort field takes the conditions, and partitions of two indexes are refused.

const books = defineResource({
  name: 'books',
  entity: 'Book',
  description: 'Books on shelves.',
  fields: {
    title: v.pipe(v.string(), v.minLength(1)),
    shelf: v.pipe(v.string(), v.minLength(1)),
    year: v.number(),
  },
  indexes: {
    byShelf: { partition: 'shelf', sort: 'title' },
    byShelfYear: { partition: 'shelf', sort: 'year' },
    byYear: { partition: 'year' },
  },
});
const declaration = recordDeclarationOf(books);
const table = useRecordsTable('list-queries-indexes', books.name, declaration.indexes);
const calls: string[] = [];
const client = testDynamoDbClient({
  observeCall: ({ operation }) => {
    calls.push(operation);
    return () => {};
  },
});
const app = createApp({ resources: [books], stores: { books: table.store(declaration, { client }) } });

type Book = { title: string; shelf: string; year: number };
const BOOKS: Book[] = [
  { title: 'Persuasion', shelf: 'novels', year: 1817 },
  { title: 'Emma', shelf: 'novels', year: 1815 },
  { title: 'Pride and Prejudice', shelf: 'novels', year: 1813 },
  { title: 'Ozymandias', shelf: 'poems', year: 1818 },
];

async function get(path: string) {
  const response = await app.request(path);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  for (const book of BOOKS) {
    await app.request('/books', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(book) });
  }
  // Reads of an index are eventually consistent on AWS: wait, with a bound, until each index lists them.
  const deadline = Date.now() + 10_000;
  while ((await get('/books?shelf=novels&year[gt]=0')).body.length < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

const titles = (books: Book[]) => books.map(({ title }) => title);

describe('a resource with several indexes', () => {
  it('queries the index whose sort field the conditions name', async () => {
    expect(titles((await get('/books?shelf=novels&year[gte]=1815')).body)).toEqual(['Emma', 'Persuasion']);
    expect(titles((await get('/books?shelf=novels&title[beginsWith]=P&order=desc')).body)).toEqual(['Pride and Prejudice', 'Persuasion']);
    expect(titles((await get('/books?year=1818')).body)).toEqual(['Ozymandias']);
  });

  it('with only the partition, queries the first index declared on it', async () => {
    expect(titles((await get('/books?shelf=novels')).body)).toEqual(['Emma', 'Persuasion', 'Pride and Prejudice']);
  });

  it('refuses the partitions of two indexes in one request, and conditions on two sort fields, reading nothing', async () => {
    calls.length = 0;
    const two = await get('/books?shelf=novels&year=1815');
    expect(two.status).toBe(400);
    expect(two.body.errors).toEqual([
      { in: 'query', path: 'year', message: 'year and shelf are the partitions of different indexes: query one.' },
    ]);
    const mixed = await get('/books?shelf=novels&year[gt]=1800&title[beginsWith]=P');
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toMatchObject([{ in: 'query', path: expect.stringMatching(/^(year\[gt\]|title\[beginsWith\])$/) }]);
    expect(calls).toEqual([]);
  });
});
