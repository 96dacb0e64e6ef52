import { describe, expect, it } from 'vitest';
import type { HttpRequestFacts } from './api-gateway-event.js';
import { httpApiEvent, isTextMediaType } from './http-api-event.js';
import { httpEvent } from './http-event.js';

const facts = { stage: 'prod', routeKey: 'ANY /{proxy+}', pathParameters: { proxy: 'items/a b' }, requestId: 'req-1', apiId: 'api1' };

function request(overrides: Partial<HttpRequestFacts> = {}): HttpRequestFacts {
  const rawQueryString = overrides.rawQueryString ?? '';
  return {
    method: 'GET',
    rawPath: '/prod/items/a%20b',
    rawQueryString,
    query: new URLSearchParams(rawQueryString),
    rawHeaders: ['Host', 'api.example.com:3001', 'User-Agent', 'curl/8'],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    localPort: 3001,
    ...overrides,
  };
}

describe('httpApiEvent', () => {
  it('is the payload format 2.0 event: the path with its stage, decoded; the raw query as sent; the request context', () => {
    const now = new Date(Date.UTC(2026, 11, 7, 0, 30, 0));
    const event = httpApiEvent(request({ rawQueryString: 'q=%C3%A9t%C3%A9&x' }), facts, now);
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'ANY /{proxy+}',
      rawPath: '/prod/items/a b',
      rawQueryString: 'q=%C3%A9t%C3%A9&x',
      headers: {
        host: 'api.example.com:3001',
        'user-agent': 'curl/8',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-port': '3001',
        'x-forwarded-proto': 'http',
      },
      queryStringParameters: { q: 'été', x: '' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api1',
        domainName: 'api.example.com:3001',
        domainPrefix: 'api',
        http: { method: 'GET', path: '/prod/items/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
        requestId: 'req-1',
        routeKey: 'ANY /{proxy+}',
        stage: 'prod',
        time: '07/Dec/2026:00:30:00 +0000',
        timeEpoch: now.getTime(),
      },
      pathParameters: { proxy: 'items/a b' },
      isBase64Encoded: false,
    });
  });

  it("decodes the path as an HTTP API does (unlike REST), cuts it at a decoded '?', and leaves one that does not decode", () => {
    const rawPathOf = (rawPath: string) => {
      const event = httpApiEvent(request({ rawPath }), facts);
      expect(event.requestContext.http.path).toBe(event.rawPath);
      return event.rawPath;
    };
    expect(rawPathOf('/prod/items/a%2Fb')).toBe('/prod/items/a/b');
    expect(rawPathOf('/prod/items/%C3%A9t%C3%A9')).toBe('/prod/items/été');
    expect(rawPathOf('/prod/items/me%3Fadmin=true')).toBe('/prod/items/me');
    expect(rawPathOf('/prod/items/100%zz')).toBe('/prod/items/100%zz');
  });

  it('takes headers and query parameters named like Object.prototype members as any other name', () => {
    const event = httpApiEvent(
      request({ rawHeaders: ['Constructor', 'x', '__proto__', 'y', 'toString', 'z'], rawQueryString: 'toString=2&constructor=3' }),
      facts,
    );
    const sent = JSON.parse(JSON.stringify(event)) as { headers: Record<string, string>; queryStringParameters: Record<string, string> };
    for (const [name, value] of [
      ['constructor', 'x'],
      ['__proto__', 'y'],
      ['tostring', 'z'],
    ]) {
      expect(Object.getOwnPropertyDescriptor(sent.headers, name!)?.value, name).toBe(value);
    }
    expect(Object.entries(sent.queryStringParameters)).toEqual([
      ['toString', '2'],
      ['constructor', '3'],
    ]);
  });

  it('lower-cases header names and joins repeated headers with commas, as 2.0 has no multi-value fields', () => {
    const event = httpApiEvent(request({ rawHeaders: ['X-Tag', 'a', 'x-tag', 'b', 'Accept', 'text/html'] }), facts);
    expect(event.headers).toMatchObject({ 'x-tag': 'a,b', accept: 'text/html' });
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event).not.toHaveProperty('multiValueHeaders');
  });

  it('joins repeated query parameters with commas, and leaves queryStringParameters out without a query', () => {
    const event = httpApiEvent(request({ rawQueryString: 'tag=a&tag=b&limit=5' }), facts);
    expect(event.rawQueryString).toBe('tag=a&tag=b&limit=5');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', limit: '5' });
    expect(event).not.toHaveProperty('multiValueQueryStringParameters');
    expect(httpApiEvent(request(), facts)).not.toHaveProperty('queryStringParameters');
  });

  it('turns the Cookie header into cookies, one per cookie, and no cookie header', () => {
    const event = httpApiEvent(request({ rawHeaders: ['Cookie', 'a=1; b=2', 'cookie', 'c=3', 'Host', 'h'] }), facts);
    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers).not.toHaveProperty('cookie');
    expect(httpApiEvent(request(), facts)).not.toHaveProperty('cookies');
  });

  it("appends the client's address to its X-Forwarded-For and replaces its port and protocol", () => {
    const event = httpApiEvent(
      request({ rawHeaders: ['X-Forwarded-For', '198.51.100.1', 'X-Forwarded-Port', '1', 'X-Forwarded-Proto', 'gopher'] }),
      facts,
    );
    expect(event.headers).toMatchObject({
      'x-forwarded-for': '198.51.100.1, 127.0.0.1',
      'x-forwarded-port': '3001',
      'x-forwarded-proto': 'http',
    });
  });

  it('leaves pathParameters and body out when there are none', () => {
    const event = httpApiEvent(request(), { ...facts, routeKey: 'ANY /', pathParameters: null });
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('body');
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each([
    ['application/json', false],
    ['application/json; charset=utf-8', false],
    ['text/plain', false],
    ['TEXT/CSV', false],
    ['application/xml', false],
    ['application/javascript', false],
    ['application/octet-stream', true],
    ['application/x-www-form-urlencoded', true],
    ['application/merge-patch+json', true],
    ['image/png', true],
  ])('sends a %s body base64-encoded: %s', (contentType, base64) => {
    const body = Buffer.from('{"name":"é"}');
    const event = httpApiEvent(request({ method: 'POST', rawHeaders: ['Content-Type', contentType], body }), facts);
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body).toBe(base64 ? body.toString('base64') : '{"name":"é"}');
  });

  it('sends a body without a Content-Type base64-encoded', () => {
    const event = httpApiEvent(request({ method: 'POST', body: Buffer.from('hi') }), facts);
    expect(event).toMatchObject({ body: 'aGk=', isBase64Encoded: true });
    expect(isTextMediaType(undefined)).toBe(false);
  });
});

describe('httpEvent', () => {
  it('is the event the runner sends below the stage prod, the JSON body as text', () => {
    const event = httpEvent('POST', '/items?tag=a&tag=b', { name: 'x' }, { requestId: 'r' });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /{proxy+}',
      rawPath: '/prod/items',
      rawQueryString: 'tag=a&tag=b',
      queryStringParameters: { tag: 'a,b' },
      pathParameters: { proxy: 'items' },
      headers: { 'content-type': 'application/json' },
      requestContext: { stage: 'prod', requestId: 'r', http: { method: 'POST', path: '/prod/items' } },
      body: '{"name":"x"}',
      isBase64Encoded: false,
    });
  });

  it('routes / to the root route, and reads cookies and a content type that is not text from the options', () => {
    const event = httpEvent('PUT', '/', 'a=1', { contentType: 'application/x-www-form-urlencoded', headers: { Cookie: 's=1; t=2' } });
    expect(event).toMatchObject({ routeKey: 'ANY /', rawPath: '/prod/', cookies: ['s=1', 't=2'], body: 'YT0x', isBase64Encoded: true });
    expect(event).not.toHaveProperty('pathParameters');
  });
});
