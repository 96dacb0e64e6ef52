import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app-env.js';
import { type FieldError, ProblemError, ProblemType } from '../http/problems.js';
import type { BodySpec, ParametersSchema, RequestSpec, ValidInput } from './route-spec.js';

type Location = FieldError['in'];

// As Hono's own JSON validator matches a JSON media type (`application/json`, `…+json`).
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads and validates every part of the request a route declares. A refusal is thrown as a problem:
 * a body that is not JSON is 415, malformed JSON or a JSON body that is not an object is 400, invalid
 * fields are 422, invalid path, query or header parameters are 400; each lists the failing fields.
 */
export async function validInput<R extends RequestSpec>(c: Context<AppEnv>, request: R): Promise<ValidInput<R>> {
  const parameters = (location: Location, schema: ParametersSchema | undefined, value: () => Record<string, unknown>, help?: string) =>
    schema && validParameters(location, schema, value(), help);
  return {
    params: parameters('path', request.params, () => c.req.param()),
    query: parameters('query', request.query, () => queryValues(c.req.queries()), request.queryHelp),
    headers: parameters('header', request.headers, () => c.req.header()),
    body: request.body && validBody(request.body, await jsonBody(c)),
  } as ValidInput<R>;
}

function validParameters(location: Location, schema: ParametersSchema, value: Record<string, unknown>, help?: string): unknown {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const errors = fieldErrors(location, result.issues);
  throw new ProblemError(400, {
    type: ProblemType.badQuery,
    title: 'Invalid request parameters',
    detail: `Invalid parameter${errors.length === 1 ? '' : 's'}: ${errors.map((error) => error.path || location).join(', ')}.${help ? ` ${help}` : ''}`,
    errors,
  });
}

function validBody(body: BodySpec, input: unknown): unknown {
  if (!isPlainObject(input)) throw new ProblemError(400, { detail: 'The request body must be a JSON object.' });
  const result = v.safeParse(body.schema, input);
  if (result.success) return result.output;
  const meant = body.optionOf && (body.schema as v.UnionSchema<v.UnionOptions, undefined>).options?.[body.optionOf(input)];
  const issues = meant ? (v.safeParse(meant, input).issues ?? result.issues) : result.issues;
  const errors = fieldErrors('body', issues);
  throw new ProblemError(422, {
    type: ProblemType.validation,
    title: 'Invalid fields',
    detail: `Invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((error) => error.path || 'body').join(', ')}.`,
    errors,
  });
}

/** The body as JSON; with no `Content-Type` (and so no body: see `jsonWhenUntyped`), an empty object. */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const contentType = c.req.header('content-type');
  if (contentType === undefined) return {};
  if (!JSON_MEDIA_TYPE.test(contentType.split(';')[0]!.trim())) {
    throw new ProblemError(415, { detail: 'The body must be JSON (application/json).' });
  }
  try {
    return await c.req.json();
  } catch {
    throw new ProblemError(400, { detail: 'Malformed JSON in request body.' });
  }
}

function fieldErrors(location: Location, issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => ({
    in: location,
    path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
    message: issue.message,
  }));
}

/** As Hono's validator reads a query: a parameter given more than once is an array, which a string schema refuses. */
function queryValues(queries: Record<string, string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(queries).map(([name, values]) => [name, values.length === 1 ? values[0]! : values]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
