import { describe, expect, it } from 'vitest';
import { isBinaryMediaType } from './api-gateway-event.js';
import { proxyResponse } from './api-gateway-response.js';

describe('proxyResponse', () => {
  it('merges headers and multi-value headers, the multi-value ones winning for one name', () => {
    const response = proxyResponse(
      {
        statusCode: 201,
        headers: { 'X-One': '1', 'Set-Cookie': 'lost=1' },
        multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
        body: 'ok',
      },
      [],
    );
    expect(response).toEqual({
      statusCode: 201,
      headers: [
        ['X-One', '1'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['Content-Type', 'application/json'],
      ],
      body: Buffer.from('ok'),
    });
  });

  it('drops hop-by-hop headers, which the HTTP layer sets for the bytes it sends', () => {
    const response = proxyResponse(
      { statusCode: 200, headers: { 'Content-Length': '99', 'Transfer-Encoding': 'chunked', 'Content-Type': 'text/plain' }, body: 'x' },
      [],
    );
    expect(response?.headers).toEqual([['Content-Type', 'text/plain']]);
  });

  it('says application/json when the function names no content type, as API Gateway does', () => {
    expect(proxyResponse({ statusCode: 204 }, [])?.headers).toEqual([['Content-Type', 'application/json']]);
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['an unknown key', { statusCode: 200, body: '', cookies: [] }],
    ['no status', { body: '' }],
    ['a status that is not an integer', { statusCode: 'OK' }],
    ['a status out of range', { statusCode: 42 }],
    ['a body that is an object', { statusCode: 200, body: { a: 1 } }],
    ['a header value that is an object', { statusCode: 200, headers: { a: { b: 1 } } }],
    ['a header value with a line break', { statusCode: 200, headers: { a: 'b\nc' } }],
    ['a header name with a space', { statusCode: 200, headers: { 'a b': 'c' } }],
    ['multi-value headers that are not lists', { statusCode: 200, multiValueHeaders: { a: 'b' } }],
  ])('is malformed for %s', (_, payload) => {
    expect(proxyResponse(payload, ['*/*'])).toBeUndefined();
  });

  it('decodes a base64 body only when a binary media type matches the content type or Accept', () => {
    const payload = { statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: 'AAEC', isBase64Encoded: true };
    expect(proxyResponse(payload, ['image/*'])?.body).toEqual(Buffer.from([0, 1, 2]));
    expect(proxyResponse(payload, [], 'image/png')?.body).toEqual(Buffer.from('AAEC'));
    expect(proxyResponse(payload, ['application/octet-stream'], 'application/octet-stream')?.body).toEqual(Buffer.from([0, 1, 2]));
    expect(proxyResponse({ ...payload, isBase64Encoded: false }, ['*/*'])?.body).toEqual(Buffer.from('AAEC'));
    // Only the first type of Accept counts.
    expect(proxyResponse({ ...payload, headers: {} }, ['image/png'], 'text/html, image/png')?.body).toEqual(Buffer.from('AAEC'));
  });
});

describe('isBinaryMediaType', () => {
  it('matches type and subtype, either a wildcard, ignoring parameters and case', () => {
    expect(isBinaryMediaType('Application/Octet-Stream; x=1', ['application/octet-stream'])).toBe(true);
    expect(isBinaryMediaType('image/png', ['image/*'])).toBe(true);
    expect(isBinaryMediaType('application/json', ['*/*'])).toBe(true);
    expect(isBinaryMediaType('application/json', ['image/*'])).toBe(false);
    expect(isBinaryMediaType(undefined, ['*/*'])).toBe(false);
  });
});
