import { STATUS_CODES } from 'node:http';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as v from 'valibot';

// RFC 9457 problem details. Problem types of this API are tag URIs: stable identifiers that need no
// server to resolve them (RFC 9457 §3.1.1). Plain HTTP failures use about:blank, as the RFC suggests.
export const ProblemType = {
  validation: 'tag:items-api,2026:validation-error',
  badQuery: 'tag:items-api,2026:invalid-query',
  invalidCursor: 'tag:items-api,2026:invalid-cursor',
  /** `Item` → `tag:items-api,2026:item-not-found`: one type per entity, as clients tell them apart. */
  notFound: (entity: string) => `tag:items-api,2026:${entity.toLowerCase()}-not-found`,
  conflict: 'tag:items-api,2026:conflict',
  uniqueFieldTaken: 'tag:items-api,2026:unique-field-taken',
  preconditionFailed: 'tag:items-api,2026:precondition-failed',
  idempotencyKeyReused: 'tag:items-api,2026:idempotency-key-reused',
  unauthorized: 'tag:items-api,2026:unauthorized',
  forbidden: 'tag:items-api,2026:forbidden',
  storeUnavailable: 'tag:items-api,2026:store-unavailable',
  blank: 'about:blank',
} as const;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export const FieldErrorSchema = v.object({
  in: v.picklist(['body', 'query', 'path', 'header']),
  path: v.pipe(v.string(), v.description('Dotted path to the field inside `in`; empty for the whole of it.')),
  message: v.string(),
});

export const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.pipe(v.number(), v.integer()),
  detail: v.string(),
  requestId: v.optional(v.pipe(v.string(), v.description('Quote it when reporting a problem.'))),
  errors: v.optional(
    v.pipe(
      v.array(FieldErrorSchema),
      v.description('The fields at fault: of a validation problem, or the unique field whose value is taken.'),
    ),
  ),
});

/** The problem schemas by the names the OpenAPI document gives them. */
export const PROBLEM_SCHEMAS = { Problem: ProblemSchema, FieldError: FieldErrorSchema };

export type Problem = v.InferOutput<typeof ProblemSchema>;
export type FieldError = v.InferOutput<typeof FieldErrorSchema>;

export function problem(
  status: number,
  fields: { type?: string; title?: string; detail: string; requestId?: string | undefined; errors?: FieldError[] },
): Problem {
  return {
    type: fields.type ?? ProblemType.blank,
    title: fields.title ?? STATUS_CODES[status] ?? 'Error',
    status,
    detail: fields.detail,
    ...(fields.requestId !== undefined && { requestId: fields.requestId }),
    ...(fields.errors !== undefined && { errors: fields.errors }),
  };
}

/** Sends a problem through the context, so headers set earlier (the request id) are kept. */
export function sendProblem(c: Context, body: Problem, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, {
    ...headers,
    'content-type': PROBLEM_MEDIA_TYPE,
  });
}

/** The OpenAPI description of an error response. */
export function problemContent(description: string) {
  return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } } };
}

type ProblemFields = Omit<Parameters<typeof problem>[1], 'requestId'>;

/**
 * A refusal decided anywhere in a request (validation, a route's own check): thrown, and rendered
 * as problem+json, with the request id, by the app's error handler alone.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly fields: ProblemFields,
    readonly headers: Record<string, string> = {},
  ) {
    super(fields.detail);
    this.name = 'ProblemError';
  }
}
