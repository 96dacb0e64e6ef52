import { validateHeaderName, validateHeaderValue } from 'node:http';
import { isBinaryMediaType } from './api-gateway-event.js';

export interface GatewayResponse {
  statusCode: number;
  /** Names as the function wrote them; repeated names for multi-value headers. */
  headers: [string, string][];
  body: Buffer;
}

const PROXY_RESULT_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);
// Set by the HTTP layer for the bytes actually sent, whatever the function said.
const HOP_BY_HOP = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * The HTTP response API Gateway makes of a Lambda proxy result, or undefined for what it calls a
 * "Malformed Lambda proxy response" (answered 502): a payload that is not an object, an unknown key,
 * a status that is not an integer, a body that is not a string, a header that HTTP cannot carry.
 * `headers` and `multiValueHeaders` are merged, the multi-value ones winning for the same name.
 * A base64 body is decoded when the API has a binary media type matching the response's
 * `Content-Type` or the request's `Accept`; otherwise the base64 text is what the client gets.
 */
export function proxyResponse(payload: unknown, binaryMediaTypes: readonly string[], accept?: string): GatewayResponse | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const result = payload as Record<string, unknown>;
  if (Object.keys(result).some((key) => !PROXY_RESULT_KEYS.has(key))) return undefined;
  const statusCode = Number(result.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') return undefined;

  const single = result.headers ?? {};
  const multi = result.multiValueHeaders ?? {};
  if (typeof single !== 'object' || typeof multi !== 'object' || single === null || multi === null) return undefined;
  const multiNames = new Set(Object.keys(multi).map((name) => name.toLowerCase()));
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(single)) {
    if (!isScalar(value)) return undefined;
    if (!multiNames.has(name.toLowerCase())) headers.push([name, String(value)]);
  }
  for (const [name, values] of Object.entries(multi)) {
    if (!Array.isArray(values) || !values.every(isScalar)) return undefined;
    for (const value of values) headers.push([name, String(value)]);
  }
  const sent = sendableHeaders(headers);
  if (!sent) return undefined;
  // API Gateway's REST proxy integration says JSON when the function names no type.
  if (!sent.some(([name]) => name.toLowerCase() === 'content-type')) sent.push(['Content-Type', 'application/json']);

  const text = (result.body as string | null | undefined) ?? '';
  const contentType = sent.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const decode =
    result.isBase64Encoded === true &&
    // Only the first type of `Accept` counts.
    (isBinaryMediaType(contentType, binaryMediaTypes) || isBinaryMediaType(accept?.split(',')[0], binaryMediaTypes));
  return { statusCode, headers: sent, body: decode ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8') };
}

/** API Gateway's own answers: `{"message": "…"}` with the error type it names in `x-amzn-ErrorType`. */
export function gatewayError(statusCode: number, message: string, errorType?: string): GatewayResponse {
  const headers: [string, string][] = [['Content-Type', 'application/json']];
  if (errorType) headers.push(['x-amzn-ErrorType', errorType]);
  return { statusCode, headers, body: Buffer.from(JSON.stringify({ message })) };
}

export const GATEWAY_ERRORS = {
  /** A request outside every stage of the API. */
  forbidden: () => gatewayError(403, 'Forbidden', 'ForbiddenException'),
  /** No resource of the stage matches the path and method. */
  noRoute: () => gatewayError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'),
  /** The function failed, crashed, timed out or answered something malformed. */
  integrationFailure: () => gatewayError(502, 'Internal server error', 'InternalServerErrorException'),
  /** The integration did not answer within API Gateway's timeout (29 s by default). */
  integrationTimeout: () => gatewayError(504, 'Endpoint request timed out'),
  /** The request is larger than a Lambda invocation may carry. */
  tooLarge: () => gatewayError(413, 'Request Too Long'),
};

/**
 * The headers of a function's result that go out: hop-by-hop ones dropped (the HTTP layer sets them
 * for the bytes actually sent), or undefined when one is a header HTTP cannot carry, which API Gateway
 * refuses. Both API types read a result's headers so.
 */
export function sendableHeaders(headers: [string, string][]): [string, string][] | undefined {
  const sent = headers.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
  try {
    for (const [name, value] of sent) {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    }
  } catch {
    return undefined;
  }
  return sent;
}

/** A header value a proxy result may give: HTTP carries it as its text. */
export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
