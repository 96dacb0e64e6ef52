import { describe, expect, it } from 'vitest';
import { nextPageUrl } from './links.js';

describe('nextPageUrl', () => {
  const request = 'https://api.example.com/prod/items?limit=2';

  it('resolves the next link against the request, as the API writes it relative', () => {
    expect(nextPageUrl('<?limit=2&cursor=abc>; rel="next"', request)).toBe('https://api.example.com/prod/items?limit=2&cursor=abc');
    expect(nextPageUrl('<items?cursor=x>; rel=next', 'https://api.example.com/prod/')).toBe('https://api.example.com/prod/items?cursor=x');
  });

  it('finds rel="next" among other links and relations, and nothing when there is none', () => {
    expect(nextPageUrl('</first>; rel="first", </b>; rel="prefetch next"', request)).toBe('https://api.example.com/b');
    expect(nextPageUrl('</first>; rel="first"', request)).toBeUndefined();
    expect(nextPageUrl(null, request)).toBeUndefined();
    expect(nextPageUrl('</x>; rel="nextish"', request)).toBeUndefined();
  });
});
