import { describe, expect, it } from 'vitest';
import { HTTP_API_ERRORS, httpApiResponse } from './http-api-response.js';

describe('httpApiResponse (payload format 2.0)', () => {
  it('reads statusCode, headers, cookies (each a Set-Cookie) and body, adding no Content-Type', () => {
    expect(
      httpApiResponse({ statusCode: 201, headers: { 'X-One': 1, 'X-Yes': true }, cookies: ['a=1; Path=/', 'b=2'], body: 'ok' }),
    ).toEqual({
      statusCode: 201,
      headers: [
        ['X-One', '1'],
        ['X-Yes', 'true'],
        ['Set-Cookie', 'a=1; Path=/'],
        ['Set-Cookie', 'b=2'],
      ],
      body: Buffer.from('ok'),
    });
    expect(httpApiResponse({ statusCode: 204 })).toEqual({ statusCode: 204, headers: [], body: Buffer.alloc(0) });
  });

  it('ignores multiValueHeaders and other fields 2.0 does not have', () => {
    expect(httpApiResponse({ statusCode: 200, multiValueHeaders: { 'set-cookie': ['a=1'] }, statusDescription: 'OK' })?.headers).toEqual(
      [],
    );
  });

  it('decodes a base64 body whenever isBase64Encoded is true, whatever its type', () => {
    const bytes = Buffer.from([0, 1, 254, 255]);
    for (const type of ['application/json', 'image/png', undefined]) {
      const headers = type ? { 'content-type': type } : {};
      expect(httpApiResponse({ statusCode: 200, headers, body: bytes.toString('base64'), isBase64Encoded: true })?.body).toEqual(bytes);
    }
    expect(httpApiResponse({ statusCode: 200, body: 'AAE=', isBase64Encoded: false })?.body).toEqual(Buffer.from('AAE='));
  });

  it('drops hop-by-hop headers, which the HTTP layer sets', () => {
    expect(httpApiResponse({ statusCode: 200, headers: { 'Content-Length': '9', Connection: 'close', 'x-a': 'b' } })?.headers).toEqual([
      ['x-a', 'b'],
    ]);
  });

  it.each([
    ['an object without statusCode', { hello: 'world' }, '{"hello":"world"}'],
    ['a list', [1, 2], '[1,2]'],
    ['a number', 42, '42'],
    ['a string, as its JSON', 'hi', '"hi"'],
    ['null', null, 'null'],
  ])('answers %s as 200 application/json with that JSON as the body', (_, payload, text) => {
    expect(httpApiResponse(payload)).toEqual({ statusCode: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(text) });
  });

  it.each([
    ['a status that is not a number', { statusCode: '200' }],
    ['a status out of range', { statusCode: 700 }],
    ['a fractional status', { statusCode: 200.5 }],
    ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
    ['headers that are not an object', { statusCode: 200, headers: ['a'] }],
    ['a header value that is not a scalar', { statusCode: 200, headers: { a: ['1'] } }],
    ['a header HTTP cannot carry', { statusCode: 200, headers: { 'x-bad': 'one\ntwo' } }],
    ['a header name HTTP cannot carry', { statusCode: 200, headers: { 'bad name': 'x' } }],
    ['cookies that are not a list', { statusCode: 200, cookies: 'a=1' }],
    ['a cookie that is not a string', { statusCode: 200, cookies: [1] }],
  ])('refuses %s (answered 500)', (_, payload) => {
    expect(httpApiResponse(payload)).toBeUndefined();
  });
});

describe("an HTTP API's own errors", () => {
  it.each([
    [HTTP_API_ERRORS.notFound(), 404, 'Not Found'],
    [HTTP_API_ERRORS.integrationFailure(), 500, 'Internal Server Error'],
    [HTTP_API_ERRORS.integrationTimeout(), 503, 'Service Unavailable'],
    [HTTP_API_ERRORS.tooLarge(), 413, 'Request Entity Too Large'],
  ])('%# answers %i {"message": %j} as JSON, with no error type header', (error, status, message) => {
    expect(error).toEqual({
      statusCode: status,
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify({ message })),
    });
  });
});
