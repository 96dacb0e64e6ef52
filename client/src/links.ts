/**
 * The target of `Link: <…>; rel="next"`, resolved against the URL of the response that carried it
 * (RFC 8288: a URI reference relative to the request); undefined when there is none.
 */
export function nextPageUrl(link: string | null, requestUrl: string): string | undefined {
  for (const part of (link ?? '').split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!)) return new URL(match[1]!, requestUrl).href;
  }
  return undefined;
}
