import type { Context } from 'hono';
import type * as v from 'valibot';
import type { AppEnv } from '../app-env.js';

// A route declared once: its method, path and schemas validate the request and type the handler's
// input, and the same declaration writes the route's part of the OpenAPI document.

/** Any valibot schema (the library's own alias, named for what it is here). */
export type Schema = v.GenericSchema;

/** Schemas of an object: the path parameters, query or headers of a request. */
export type ParametersSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

export interface BodySpec<S extends Schema = Schema> {
  schema: S;
  /**
   * For a body that is a union of object shapes: which option the client meant, so that only its
   * errors are reported (not those of every option).
   */
  optionOf?: (input: unknown) => number;
}

export interface RequestSpec {
  params?: ParametersSchema;
  query?: ParametersSchema;
  /** Said after the detail of any refused query parameter: what the route can be asked, so the refusal shows the way. */
  queryHelp?: string;
  headers?: ParametersSchema;
  body?: BodySpec;
}

export interface ResponseSpec {
  description: string;
  headers?: Record<string, { description: string; schema: { type: 'string' } }>;
  content?: Record<string, { schema: Schema }>;
}

export type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface RouteSpec<R extends RequestSpec = RequestSpec> {
  method: Method;
  /** As OpenAPI writes it, relative to the resource: `/` or `/{id}`. */
  path: string;
  tags?: string[];
  summary: string;
  description?: string;
  request: R;
  responses: Record<number, ResponseSpec>;
}

type Output<S> = S extends Schema ? v.InferOutput<S> : undefined;

/** What a handler receives: each part of the request as its schema outputs it, validated. */
export interface ValidInput<R extends RequestSpec> {
  params: Output<R['params']>;
  query: Output<R['query']>;
  headers: Output<R['headers']>;
  body: R['body'] extends BodySpec<infer S> ? Output<S> : undefined;
}

export type RouteHandler<R extends RequestSpec> = (c: Context<AppEnv>, input: ValidInput<R>) => Response | Promise<Response>;

export interface Route<R extends RequestSpec = RequestSpec> {
  spec: RouteSpec<R>;
  // A method, so that a list of routes holds routes of any declaration: each handler is only ever
  // given the input its own declaration validated (see `mountRoutes`).
  handle(c: Context<AppEnv>, input: ValidInput<R>): Response | Promise<Response>;
}

/** A route's declaration, its request schemas kept exactly (they type the handler's input). */
export function routeSpec<R extends RequestSpec>(spec: RouteSpec<R>): RouteSpec<R> {
  return spec;
}

/** A route's declaration and its handler, typed by the declaration. */
export function route<R extends RequestSpec>(spec: RouteSpec<R>, handle: RouteHandler<R>): Route {
  const declared: Route<R> = { spec, handle };
  return declared;
}
