import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { clientAnswering } from './test-client.js';

// The list helpers take a query on a declared index, typed by the document: a misspelt field, a
// string where a number goes, or an operator the index does not take does not compile (`npx tsc`).

describe('all() and pages() with a query', () => {
  it('send the query, typed, and follow the Link that carries it', async () => {
    const { api, urls } = clientAnswering((url) =>
      url.searchParams.has('cursor')
        ? Response.json([{ id: 'b' }])
        : Response.json([{ id: 'a' }], { headers: { link: '<?limit=1&category=mugs&price%5Blt%5D=2000&cursor=c1>; rel="next"' } }),
    );
    const ids: string[] = [];
    for await (const item of api.resource('items').all({ category: 'mugs', 'price[lt]': 2000, limit: 1 })) ids.push(item.id);
    expect(ids).toEqual(['a', 'b']);
    expect(Object.fromEntries(urls[0]!.searchParams)).toEqual({ category: 'mugs', 'price[lt]': '2000', limit: '1' });
    expect(Object.fromEntries(urls[1]!.searchParams)).toEqual({ limit: '1', category: 'mugs', 'price[lt]': '2000', cursor: 'c1' });
    expect(urls[1]!.pathname).toBe('/prod/items');
  });

  it('are typed by the document: what the index cannot take does not compile', () => {
    const items = createApiClient({ baseUrl: 'https://api.example.com/' }).resource('items');
    // Never run: the generators only build their requests when iterated.
    void items.all({ category: 'mugs', 'price[gte]': 100, 'price[lt]': 2000, order: 'desc' });
    // @ts-expect-error a misspelt field
    void items.all({ categroy: 'mugs' });
    // @ts-expect-error a price is a number
    void items.all({ category: 'mugs', 'price[lt]': '2000' });
    // @ts-expect-error price is a number: it takes no beginsWith
    void items.pages({ category: 'mugs', 'price[beginsWith]': 1 });
    // @ts-expect-error name is covered by no index
    void items.all({ name: 'Cup' });
    // @ts-expect-error the helper follows the cursor itself
    void items.all({ cursor: 'c1' });
    // @ts-expect-error asc or desc
    void items.all({ category: 'mugs', order: 'down' });
  });
});
