import type { HttpRequestFacts } from './api-gateway-event.js';

/** The stage and API id of the events the tests and the benchmark build by hand (`restEvent`, `httpEvent`). */
export const HANDMADE_STAGE = 'prod';
export const HANDMADE_API_ID = 'abc123';

/**
 * A client's request for `method pathAndQuery` (`/items?limit=5`, below the stage), as the runner's
 * event builders take it: a test client's headers, then `Content-Type` when there is a body, then
 * `headers` as given. `url` is `pathAndQuery` read against the API's host.
 */
export function handmadeRequest(
  method: string,
  pathAndQuery: string,
  body: Buffer | undefined,
  contentType: string,
  headers: Record<string, string> = {},
): { url: URL; request: HttpRequestFacts } {
  const url = new URL(pathAndQuery, `https://${HANDMADE_API_ID}.execute-api.eu-west-1.amazonaws.com`);
  const rawHeaders = ['Host', url.host, 'User-Agent', 'items-api-tests', 'Accept', 'application/json'];
  if (body !== undefined) rawHeaders.push('Content-Type', contentType);
  for (const [name, value] of Object.entries(headers)) rawHeaders.push(name, value);
  return {
    url,
    request: {
      method,
      rawPath: `/${HANDMADE_STAGE}${url.pathname}`,
      rawQueryString: url.search.slice(1),
      query: url.searchParams,
      rawHeaders,
      body: body ?? Buffer.alloc(0),
      sourceIp: '203.0.113.7',
      localPort: 443,
    },
  };
}
