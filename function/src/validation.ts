import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import type { FieldError } from './problems.js';
import { problem, ProblemType, sendProblem } from './problems.js';

type Target = 'json' | 'form' | 'query' | 'param' | 'header' | 'cookie';
type Issue = { code: string; path: PropertyKey[]; message: string; errors?: Issue[][] };

const LOCATION: Record<Target, FieldError['in']> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'header',
};

export interface ValidationHookOptions {
  /** For a body schema that is a union: which branch the client meant, to report only its errors. */
  unionBranch?: (input: unknown) => number;
}

/**
 * Turns a failed validation into problem+json: a body that is not a JSON object is 400, a body
 * with invalid fields is 422, invalid query or path parameters are 400; each lists the failing fields.
 */
// The hook serves every route, whatever its input and output types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function validationHook(options: ValidationHookOptions = {}): Hook<any, AppEnv, any, any> {
  return (result, c) => {
    if (result.success) return;
    const target = result.target as Target;
    const location = LOCATION[target];
    const input = (result as { data?: unknown }).data;
    if (location === 'body' && !isPlainObject(input)) {
      return sendProblem(
        c,
        problem(400, { detail: 'The request body must be a JSON object.', requestId: c.get('requestId') }),
      );
    }
    const errors = fieldErrors(result.error.issues as Issue[], location, input, options.unionBranch);
    const fieldList = errors.map((error) => error.path || location).join(', ');
    return sendProblem(
      c,
      problem(location === 'body' ? 422 : 400, {
        type: location === 'body' ? ProblemType.validation : ProblemType.badQuery,
        title: location === 'body' ? 'Invalid item' : 'Invalid request parameters',
        detail: `Invalid ${location === 'body' ? 'field' : 'parameter'}${errors.length === 1 ? '' : 's'}: ${fieldList}.`,
        requestId: c.get('requestId'),
        errors,
      }),
    );
  };
}

function fieldErrors(
  issues: Issue[],
  location: FieldError['in'],
  input: unknown,
  unionBranch: ValidationHookOptions['unionBranch'],
): FieldError[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'invalid_union' && issue.errors && issue.path.length === 0) {
      const branch = issue.errors[unionBranch?.(input) ?? 0] ?? [];
      return fieldErrors(branch, location, input, undefined);
    }
    return [{ in: location, path: issue.path.map(String).join('.'), message: issue.message }];
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
