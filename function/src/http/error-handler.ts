import {
  ConflictError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NotFoundError,
  PreconditionFailedError,
  StoreUnavailableError,
  UniqueFieldTakenError,
} from '@items-api/dynamodb-records';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env.js';
import { logger } from '../observability/logger.js';
import { type FieldError, ProblemError, ProblemType, problem, sendProblem } from './problems.js';

/** Seconds a client should wait before retrying when the store is throttled or unreachable. */
const RETRY_AFTER_SECONDS = '1';

/**
 * The store's expected outcomes, for any entity, each the answer a client can act on; undefined for
 * anything else. Not found keeps the reference API's exact words (`Item not found`), which its
 * clients may compare against.
 */
interface ExpectedProblem {
  status: number;
  type: string;
  title: string;
  detail: string;
  errors?: FieldError[];
}

function expectedProblem(error: Error): ExpectedProblem | undefined {
  if (error instanceof NotFoundError) {
    const words = `${error.entity} not found`;
    return { status: 404, type: ProblemType.notFound(error.entity), title: words, detail: words };
  }
  if (error instanceof PreconditionFailedError) {
    const detail = `The ${error.entity.toLowerCase()} is not at the version If-Match names: read it again, then retry with its ETag.`;
    return { status: 412, type: ProblemType.preconditionFailed, title: 'Precondition failed', detail };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    const detail = `This Idempotency-Key was first used with other fields; use a new key for a new ${error.entity.toLowerCase()}.`;
    return { status: 422, type: ProblemType.idempotencyKeyReused, title: 'Idempotency-Key reused', detail };
  }
  if (error instanceof InvalidCursorError)
    return { status: 400, type: ProblemType.invalidCursor, title: 'Invalid cursor', detail: error.message };
  if (error instanceof UniqueFieldTakenError) {
    const detail = `Another ${error.entity.toLowerCase()} has this ${error.field}; ${error.field} must be unique.`;
    return {
      status: 409,
      type: ProblemType.uniqueFieldTaken,
      title: 'Unique field taken',
      detail,
      errors: [{ in: 'body', path: error.field, message: `Another ${error.entity.toLowerCase()} has this ${error.field}.` }],
    };
  }
  if (error instanceof ConflictError) return { status: 409, type: ProblemType.conflict, title: 'Conflict', detail: error.message };
  return undefined;
}

/**
 * The one place a failure becomes an answer: every problem+json body is rendered here. Refusals
 * thrown as `ProblemError` (validation, middleware, routes) carry their own; the store's expected
 * outcomes are mapped above; Hono's own 4xx keep their status. Failures of the service carry no detail
 * (no stack, no AWS message) and are logged with the request id, which the client also gets to quote.
 */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  const requestId = c.get('requestId');
  if (error instanceof ProblemError) return sendProblem(c, problem(error.status, { ...error.fields, requestId }), error.headers);
  const expected = expectedProblem(error);
  if (expected) return sendProblem(c, problem(expected.status, { ...expected, requestId }));
  if (error instanceof HTTPException && error.status < 500) {
    return sendProblem(c, problem(error.status, { detail: withPeriod(error.message), requestId }));
  }
  if (error instanceof StoreUnavailableError) {
    logger.warn('Store unavailable', { requestId, error });
    return sendProblem(
      c,
      problem(503, {
        type: ProblemType.storeUnavailable,
        title: 'Service unavailable',
        detail: 'The store is unavailable right now; retry shortly.',
        requestId,
      }),
      { 'retry-after': RETRY_AFTER_SECONDS },
    );
  }
  logger.error('Request failed', { requestId, method: c.req.method, route: c.get('route'), error });
  return sendProblem(c, problem(500, { detail: 'The request failed on the server.', requestId }));
};

/** A path no route takes, whatever the method: rendered here too, as every problem is. */
export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  handleError(new ProblemError(404, { detail: `Nothing is served at ${c.req.path}.` }), c);

function withPeriod(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
