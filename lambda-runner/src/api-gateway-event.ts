import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

export interface HttpRequestFacts {
  method: string;
  /** The path as the client sent it, percent-encoding kept, stage included: `/prod/items/42` (`requestContext.path`). */
  rawPath: string;
  /** The query as the client sent it, without `?`: `tag=a&tag=b` (an HTTP API's `rawQueryString`). */
  rawQueryString: string;
  query: URLSearchParams;
  /** Node's `rawHeaders`: names as the client spelled them, in order, repeats kept. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  localPort: number;
}

export interface EventFacts {
  stage: string;
  /** The path below the stage: `/items/42`. */
  path: string;
  resource: string;
  pathParameters: Record<string, string> | null;
  requestId: string;
  apiId: string;
  binaryMediaTypes: readonly string[];
}

/**
 * The REST API (v1) Lambda proxy event API Gateway sends for a request: `path` without the stage,
 * `requestContext.path` with it, single- and multi-value headers and query parameters, and the body
 * as base64 when its content type is one of the API's binary media types.
 */
export function restApiEvent(request: HttpRequestFacts, facts: EventFacts, now = new Date()): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const addHeader = (name: string, value: string): void => {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  };
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) addHeader(request.rawHeaders[i]!, request.rawHeaders[i + 1]!);
  const forwardedFor = headerValue(headers, 'x-forwarded-for');
  // API Gateway's own forwarding headers replace what the client sent.
  for (const name of Object.keys(headers)) {
    if (/^x-forwarded-(for|port|proto)$/i.test(name)) {
      delete headers[name];
      delete multiValueHeaders[name];
    }
  }
  addHeader('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp);
  addHeader('X-Forwarded-Port', String(request.localPort));
  addHeader('X-Forwarded-Proto', 'http');

  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of request.query) {
    queryStringParameters[name] = value;
    (multiValueQueryStringParameters[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(queryStringParameters).length > 0;

  const contentType = headerValue(headers, 'content-type');
  const isBase64Encoded = request.body.length > 0 && isBinaryMediaType(contentType, facts.binaryMediaTypes);
  const domainName = headerValue(headers, 'host') ?? `127.0.0.1:${request.localPort}`;

  return {
    resource: facts.resource,
    path: facts.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? queryStringParameters : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQueryStringParameters : null,
    pathParameters: facts.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: facts.apiId,
      authorizer: undefined,
      domainName,
      domainPrefix: domainName.split('.')[0],
      extendedRequestId: randomBytes(8).toString('base64url'),
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headerValue(headers, 'user-agent') ?? null,
        userArn: null,
      },
      path: request.rawPath,
      protocol: 'HTTP/1.1',
      requestId: facts.requestId,
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: facts.resource,
      stage: facts.stage,
    },
    body: request.body.length === 0 ? null : isBase64Encoded ? request.body.toString('base64') : request.body.toString('utf8'),
    isBase64Encoded,
  };
}

/** `binaryMediaTypes` entries are `type/subtype`, either part possibly a `*` wildcard. */
export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType) return false;
  const [type = '', subtype = ''] = contentType.split(';')[0]!.trim().toLowerCase().split('/');
  return binaryMediaTypes.some((entry) => {
    const [wantedType, wantedSubtype] = entry.toLowerCase().split('/');
    return (wantedType === '*' || wantedType === type) && (wantedSubtype === '*' || wantedSubtype === subtype);
  });
}

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `28/Nov/2026:21:40:00 +0000`, API Gateway's `requestTime` (an HTTP API's `requestContext.time`). */
export function requestTime(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
