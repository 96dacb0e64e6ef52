import { type GatewayResponse, gatewayError, isScalar, sendableHeaders } from './api-gateway-response.js';

/**
 * The HTTP response an HTTP API makes of a Lambda result, payload format 2.0, or undefined for one it
 * refuses (answered 500):
 * - a JSON object with `statusCode` is read as `statusCode`, `headers`, `cookies` (each a
 *   `Set-Cookie` header), `body` and `isBase64Encoded`; other fields, `multiValueHeaders` among them,
 *   are not part of 2.0 and are ignored. A base64 body is decoded whenever `isBase64Encoded` is true
 *   (HTTP APIs have no binary media types). No `Content-Type` is added to what the function sent.
 *   Refused: a status that is not an integer from 100 to 599, headers that are not an object of
 *   scalars, cookies that are not a list of strings, a body that is not a string, a header that HTTP
 *   cannot carry.
 * - any other JSON result (an object without `statusCode`, a list, a string, a number) is a 200
 *   `application/json` whose body is that JSON, as documented for 2.0 ("API Gateway assumes
 *   statusCode 200, content-type application/json, body the response"). That a bare string keeps
 *   its JSON quotes here is this runner's reading of "the response", not checked on AWS.
 */
export function httpApiResponse(payload: unknown): GatewayResponse | undefined {
  if (!isObject(payload) || !('statusCode' in payload)) {
    return {
      statusCode: 200,
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify(payload) ?? 'null'),
    };
  }
  const statusCode = payload.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const body = payload.body;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  const headerMap = payload.headers ?? {};
  if (!isObject(headerMap)) return undefined;
  const cookies = payload.cookies ?? [];
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) return undefined;

  const given: [string, string][] = [];
  for (const [name, value] of Object.entries(headerMap)) {
    if (!isScalar(value)) return undefined;
    given.push([name, String(value)]);
  }
  for (const cookie of cookies) given.push(['Set-Cookie', cookie]);
  const headers = sendableHeaders(given);
  if (!headers) return undefined;
  const text = body ?? '';
  return { statusCode, headers, body: payload.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8') };
}

/** An HTTP API's own answers: `{"message": "…"}`, with no error type header (REST APIs send `x-amzn-ErrorType`). */
export const HTTP_API_ERRORS = {
  /** A stage the API does not have, or a path and method no route of the stage matches. */
  notFound: () => gatewayError(404, 'Not Found'),
  /** The function failed, crashed, timed out, or answered what the API refuses. */
  integrationFailure: () => gatewayError(500, 'Internal Server Error'),
  /** The function did not answer within the integration timeout (30 s at most on HTTP APIs). */
  integrationTimeout: () => gatewayError(503, 'Service Unavailable'),
  /** The request is larger than the API takes (10 MB). */
  tooLarge: () => gatewayError(413, 'Request Entity Too Large'),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
