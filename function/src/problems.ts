import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { STATUS_CODES } from 'node:http';

// RFC 9457 problem details. Problem types of this API are tag URIs: stable identifiers that need no
// server to resolve them (RFC 9457 §3.1.1). Plain HTTP failures use about:blank, as the RFC suggests.
export const ProblemType = {
  validation: 'tag:items-api,2026:validation-error',
  badQuery: 'tag:items-api,2026:invalid-query',
  invalidCursor: 'tag:items-api,2026:invalid-cursor',
  itemNotFound: 'tag:items-api,2026:item-not-found',
  conflict: 'tag:items-api,2026:conflict',
  preconditionFailed: 'tag:items-api,2026:precondition-failed',
  idempotencyKeyReused: 'tag:items-api,2026:idempotency-key-reused',
  unauthorized: 'tag:items-api,2026:unauthorized',
  forbidden: 'tag:items-api,2026:forbidden',
  storeUnavailable: 'tag:items-api,2026:store-unavailable',
  blank: 'about:blank',
} as const;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export const FieldErrorSchema = z
  .object({
    in: z.enum(['body', 'query', 'path', 'header']),
    path: z.string().openapi({ description: 'Dotted path to the field inside `in`; empty for the whole of it.' }),
    message: z.string(),
  })
  .openapi('FieldError');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    requestId: z.string().optional().openapi({ description: 'Quote it when reporting a problem.' }),
    errors: z.array(FieldErrorSchema).optional().openapi({ description: 'Validation problems only.' }),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;

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
