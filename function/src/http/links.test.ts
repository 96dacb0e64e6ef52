import { describe, expect, it } from 'vitest';
import { childLocation, nextPageLink } from './links.js';

const resolve = (reference: string, base: string) => new URL(reference, `https://api.example.com${base}`).pathname;

describe('childLocation', () => {
  it.each([
    ['/items', '/items/abc'],
    ['/items/', '/items/abc'],
    ['/prod/items', '/prod/items/abc'],
    ['/prod/items/', '/prod/items/abc'],
  ])('from %s resolves to %s', (requestPath, expected) => {
    // The app sees the path without the stage; the client resolves against the path it called.
    const appPath = requestPath.replace(/^\/prod/, '');
    expect(resolve(childLocation(appPath, 'abc'), requestPath)).toBe(expected);
  });
});

describe('nextPageLink', () => {
  it('is a query-only reference to the same path, carrying limit and cursor', () => {
    const link = nextPageLink({ limit: 5, cursor: 'eyJpZCI6IngifQ' });
    expect(link).toBe('<?limit=5&cursor=eyJpZCI6IngifQ>; rel="next"');
    const target = /<([^>]+)>/.exec(link)![1]!;
    const url = new URL(target, 'https://api.example.com/prod/items/?limit=5');
    expect(url.pathname).toBe('/prod/items/');
    expect(url.searchParams.get('cursor')).toBe('eyJpZCI6IngifQ');
  });

  it("carries the request's other parameters, and this page's limit and cursor in place of the request's", () => {
    const link = nextPageLink({ limit: 2, cursor: 'next' }, { category: 'mugs', 'price[gte]': '100', limit: '2', cursor: 'old' });
    const search = new URLSearchParams(/<\?([^>]+)>/.exec(link)![1]!);
    expect([...search]).toEqual([
      ['limit', '2'],
      ['category', 'mugs'],
      ['price[gte]', '100'],
      ['cursor', 'next'],
    ]);
  });
});
