import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type HttpRequestFacts, requestTime } from './api-gateway-event.js';

export interface HttpApiEventFacts {
  /** The stage's name: `prod` (the event's `rawPath` keeps it, as on AWS for a named stage). */
  stage: string;
  /** The route that matched: `ANY /{proxy+}`. */
  routeKey: string;
  pathParameters: Record<string, string> | null;
  requestId: string;
  apiId: string;
}

/**
 * What an HTTP API takes for text, the rest being base64-encoded (`isBase64Encoded: true`): HTTP APIs
 * have no binary media types. AWS documents only the mechanism ("If the content type of the request
 * is binary, the body is base64-encoded", in the Lambda function URL payload docs; payload 2.0's
 * `isBase64Encoded` the same), not the list. This list is what was observed on a deployed HTTP API
 * (payload 2.0) and written down in ministackorg/ministack#766 and floci-io/floci#2172: `text/*`,
 * `application/json`, `application/xml` and `application/javascript` arrive as UTF-8 text; any
 * other type, `application/x-www-form-urlencoded` and a body without `Content-Type` included, as
 * base64. The type's parameters (`; charset=utf-8`) are not read here.
 */
const TEXT_MEDIA_TYPES = new Set(['application/json', 'application/xml', 'application/javascript']);

export function isTextMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  return mediaType.startsWith('text/') || TEXT_MEDIA_TYPES.has(mediaType);
}

/**
 * The path as an HTTP API hands it to the function, in `rawPath` and `requestContext.http.path`:
 * percent-decoded (`%2F` becomes `/`, `%20` a space), and cut at a `?` that decoding made, unlike a
 * REST API or a function URL, which pass the path as sent. AWS does not document it; this follows
 * captures of deployed HTTP APIs (hotsock/voker#8, cited by middleapi/standard-server#93, and
 * Worklytics/psoxy#827). A path that does not decode (`%zz`) is left as sent: what AWS does with it
 * is unknown.
 */
export function httpApiPath(rawPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
  const query = decoded.indexOf('?');
  return query === -1 ? decoded : decoded.slice(0, query);
}

/**
 * The HTTP API Lambda proxy event, payload format 2.0, that API Gateway sends for a request:
 * `rawPath` decoded (see `httpApiPath`; the stage in it) and `rawQueryString` as the client sent it, header names in
 * lower case with repeated headers joined by `,`, the `Cookie` header as `cookies` (one entry per
 * cookie) instead of a header, repeated query parameters joined by `,`, no multi-value fields, and
 * the body as base64 unless its type is text (see `isTextMediaType`).
 */
export function httpApiEvent(request: HttpRequestFacts, facts: HttpApiEventFacts, now = new Date()): APIGatewayProxyEventV2 {
  // No prototype: a header or query parameter named `constructor` or `__proto__` is a name like any other.
  const headers: Record<string, string> = Object.create(null);
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!.toLowerCase();
    const value = request.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  // API Gateway's own forwarding headers replace what the client sent; the client's address is
  // appended to the `X-Forwarded-For` it sent.
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';

  const queryStringParameters: Record<string, string> = Object.create(null);
  for (const [name, value] of request.query) {
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }

  const hasBody = request.body.length > 0;
  const isBase64Encoded = hasBody && !isTextMediaType(headers['content-type']);
  const domainName = headers.host ?? `127.0.0.1:${request.localPort}`;
  return {
    version: '2.0',
    routeKey: facts.routeKey,
    rawPath: httpApiPath(request.rawPath),
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
    requestContext: {
      accountId: '123456789012',
      apiId: facts.apiId,
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: {
        method: request.method,
        path: httpApiPath(request.rawPath),
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: facts.requestId,
      routeKey: facts.routeKey,
      stage: facts.stage,
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(facts.pathParameters && { pathParameters: facts.pathParameters }),
    ...(hasBody && { body: isBase64Encoded ? request.body.toString('base64') : request.body.toString('utf8') }),
    isBase64Encoded,
  };
}
