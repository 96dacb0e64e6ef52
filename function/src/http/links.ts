// Links are URI references relative to the request (RFC 3986 §5), never absolute: behind API Gateway
// the app does not see the stage prefix (`/prod`) that the client used, and a relative reference
// resolves against the URL the client really called.

/** `Location` of a new child of the collection at `requestPath`. */
export function childLocation(requestPath: string, childId: string): string {
  const id = encodeURIComponent(childId);
  if (requestPath.endsWith('/')) return id;
  const collection = requestPath.slice(requestPath.lastIndexOf('/') + 1);
  return `${collection}/${id}`;
}

/**
 * A `Link` header value for the next page: a query-only reference to this same path. It carries the
 * request's other parameters (a query's `category`, `price[gte]`, `order`) as the client sent them, as
 * the cursor continues that query only.
 */
export function nextPageLink(query: { limit: number; cursor: string }, parameters: Readonly<Record<string, string>> = {}): string {
  const { limit: _, cursor: __, ...kept } = parameters;
  const search = new URLSearchParams({ limit: String(query.limit), ...kept, cursor: query.cursor });
  return `<?${search.toString()}>; rel="next"`;
}
