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

/** A `Link` header value for the next page: a query-only reference to this same path. */
export function nextPageLink(query: { limit: number; cursor: string }): string {
  const search = new URLSearchParams({ limit: String(query.limit), cursor: query.cursor });
  return `<?${search.toString()}>; rel="next"`;
}
