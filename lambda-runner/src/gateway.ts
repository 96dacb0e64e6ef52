import { randomBytes } from 'node:crypto';
import { type HttpRequestFacts, restApiEvent } from './api-gateway-event.js';
import { GATEWAY_ERRORS, type GatewayResponse, proxyResponse } from './api-gateway-response.js';
import { httpApiEvent } from './http-api-event.js';
import { HTTP_API_ERRORS, httpApiResponse } from './http-api-response.js';
import type { ApiDefinition, ApiType } from './sam-template.js';

/** What the runner knows of a request once a stage's route matched it. */
export interface RouteFacts {
  stage: string;
  /** The path below the stage: `/items/42`. */
  path: string;
  /** The route's method in the template: `ANY`, `GET`. */
  routeMethod: string;
  /** The route's path in the template: `/{proxy+}`. */
  resource: string;
  pathParameters: Record<string, string> | null;
  requestId: string;
  apiId: string;
}

/** Where a REST API and an HTTP API differ, for the runner: the event, the reading of the result, the errors. */
export interface Gateway {
  type: ApiType;
  /** The integration timeout: 29 s on a REST API, 30 s on an HTTP API. */
  integrationTimeoutMs: number;
  event(request: HttpRequestFacts, route: RouteFacts): unknown;
  /** The HTTP response of the function's result, or undefined for one the API refuses. */
  response(payload: unknown, request: { accept: string | undefined }): GatewayResponse | undefined;
  /** The headers the API adds to every response it sends. */
  responseHeaders(requestId: string): [string, string][];
  errors: {
    /** A path outside every stage. */
    unknownStage(): GatewayResponse;
    /** No route of the stage matches the path and method. */
    noRoute(): GatewayResponse;
    /** The function failed, or answered what the API refuses. */
    integrationFailure(): GatewayResponse;
    integrationTimeout(): GatewayResponse;
    /**
     * The request is larger than the API takes (10 MB). An event past Lambda's 6 MB is answered as an
     * integration failure instead, as the invocation fails (what AWS answers then is not documented).
     */
    tooLarge(): GatewayResponse;
  };
}

/** A REST API (v1 proxy events), as `sam local start-api` stands in for it. */
export function restGateway(api: Pick<ApiDefinition, 'binaryMediaTypes'>): Gateway {
  return {
    type: 'rest',
    integrationTimeoutMs: 29_000,
    event: (request, route) =>
      restApiEvent(request, {
        stage: route.stage,
        path: route.path,
        resource: route.resource,
        pathParameters: route.pathParameters,
        requestId: route.requestId,
        apiId: route.apiId,
        binaryMediaTypes: api.binaryMediaTypes,
      }),
    response: (payload, request) => proxyResponse(payload, api.binaryMediaTypes, request.accept),
    responseHeaders: (requestId) => [
      ['x-amzn-RequestId', requestId],
      ['x-amz-apigw-id', randomBytes(6).toString('base64url')],
    ],
    errors: {
      unknownStage: GATEWAY_ERRORS.forbidden,
      noRoute: GATEWAY_ERRORS.noRoute,
      integrationFailure: GATEWAY_ERRORS.integrationFailure,
      integrationTimeout: GATEWAY_ERRORS.integrationTimeout,
      tooLarge: GATEWAY_ERRORS.tooLarge,
    },
  };
}

/** An HTTP API with Lambda proxy integrations of payload format 2.0. */
export function httpGateway(): Gateway {
  return {
    type: 'http',
    integrationTimeoutMs: 30_000,
    event: (request, route) =>
      httpApiEvent(request, {
        stage: route.stage,
        routeKey: `${route.routeMethod} ${route.resource}`,
        pathParameters: route.pathParameters,
        requestId: route.requestId,
        apiId: route.apiId,
      }),
    response: (payload) => httpApiResponse(payload),
    // HTTP APIs name their request id `apigw-requestid`; they send no `x-amzn-RequestId`.
    responseHeaders: (requestId) => [['apigw-requestid', requestId]],
    errors: {
      unknownStage: HTTP_API_ERRORS.notFound,
      noRoute: HTTP_API_ERRORS.notFound,
      integrationFailure: HTTP_API_ERRORS.integrationFailure,
      integrationTimeout: HTTP_API_ERRORS.integrationTimeout,
      tooLarge: HTTP_API_ERRORS.tooLarge,
    },
  };
}

export function gatewayOf(api: ApiDefinition): Gateway {
  return api.type === 'http' ? httpGateway() : restGateway(api);
}
