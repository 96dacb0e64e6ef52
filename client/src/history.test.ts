import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { ApiProblem } from './problem.js';
import { clientAnswering } from './test-client.js';

// The history helper reads a record's changes page after page, as the list helpers read records.

const entry = (version: number) => ({
  version,
  type: 'replaced',
  at: '2026-11-28T12:00:00.000Z',
  record: { id: 'a', version },
  changed: [],
});

describe('history()', () => {
  it("asks the record's history with the limit and follows its Link, under the stage", async () => {
    const { api, urls } = clientAnswering((url) =>
      url.searchParams.has('cursor')
        ? Response.json([entry(2)])
        : Response.json([entry(1)], { headers: { link: '<?limit=1&cursor=c1>; rel="next"' } }),
    );
    const versions: number[] = [];
    for await (const change of api.resource('items').history('a b', { limit: 1 })) versions.push(change.version);
    expect(versions).toEqual([1, 2]);
    expect(urls.map((url) => `${url.pathname}${url.search}`)).toEqual([
      '/prod/items/a%20b/history?limit=1',
      '/prod/items/a%20b/history?limit=1&cursor=c1',
    ]);
  });

  it('throws the problem of a refusal', async () => {
    const { api } = clientAnswering(() =>
      Response.json(
        { type: 'tag:items-api,2026:item-not-found', title: 'Item not found', status: 404, detail: 'Item not found' },
        { status: 404, headers: { 'content-type': 'application/problem+json' } },
      ),
    );
    const reading = api.resource('items').history('a')[Symbol.asyncIterator]().next();
    await expect(reading).rejects.toBeInstanceOf(ApiProblem);
    await expect(reading).rejects.toMatchObject({ status: 404 });
  });

  it('is typed by the document: an entry holds the record', () => {
    const items = createApiClient({ baseUrl: 'https://api.example.com/' }).resource('items');
    // Never run: the generator only builds its request when iterated.
    void (async () => {
      for await (const change of items.history('a')) {
        const name: string = change.record.name;
        const type: 'created' | 'replaced' | 'deleted' = change.type;
        // @ts-expect-error an entry has no such field
        void change.fields;
        void [name, type];
      }
    });
  });
});
