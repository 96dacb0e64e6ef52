import {
  IdempotencyKeyReusedError,
  InvalidCursorError,
  ItemConflictError,
  ItemNotFoundError,
  ItemVersionMismatchError,
  StoreUnavailableError,
} from '@items-api/items-store';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { logger } from './observability/logger.js';
import { problem, ProblemError, ProblemType, sendProblem } from './problems.js';

/** Seconds a client should wait before retrying when the store is throttled or unreachable. */
const RETRY_AFTER_SECONDS = '1';

interface ExpectedProblem {
  status: number;
  type: string;
  title?: string;
  detail: (error: Error) => string;
}

/** The store's expected outcomes, each the answer a client can act on. */
const EXPECTED: [new (...args: never[]) => Error, ExpectedProblem][] = [
  // The reference API's exact words, which its clients may compare against.
  [ItemNotFoundError, { status: 404, type: ProblemType.itemNotFound, title: 'Item not found', detail: () => 'Item not found' }],
  [InvalidCursorError, { status: 400, type: ProblemType.invalidCursor, title: 'Invalid cursor', detail: (error) => error.message }],
  [
    IdempotencyKeyReusedError,
    {
      status: 422,
      type: ProblemType.idempotencyKeyReused,
      title: 'Idempotency-Key reused',
      detail: () => 'This Idempotency-Key was first used with other fields; use a new key for a new item.',
    },
  ],
  [
    ItemVersionMismatchError,
    {
      status: 412,
      type: ProblemType.preconditionFailed,
      title: 'Precondition failed',
      detail: () => 'The item is not at the version If-Match names: read it again, then retry with its ETag.',
    },
  ],
  [ItemConflictError, { status: 409, type: ProblemType.conflict, detail: (error) => error.message }],
];

/**
 * Maps every failure to problem+json. Expected outcomes (not found, bad cursor) carry their own
 * detail; failures of the service carry none of it (no stack, no AWS message) and are logged with
 * the request id instead, which the client also gets to quote.
 */
export const handleError: ErrorHandler = (error, c) => {
  const requestId = requestIdOf(c);
  if (error instanceof ProblemError) {
    return sendProblem(c, problem(error.status, { ...error.fields, requestId }), error.headers);
  }
  const expected = EXPECTED.find(([kind]) => error instanceof kind)?.[1];
  if (expected) {
    const { status, type, title, detail } = expected;
    return sendProblem(c, problem(status, { type, ...(title && { title }), detail: detail(error), requestId }));
  }
  if (error instanceof HTTPException && error.status < 500) {
    return sendProblem(c, problem(error.status, { detail: withPeriod(error.message), requestId }));
  }
  if (error instanceof StoreUnavailableError) {
    logger.warn('Item store unavailable', { requestId, error });
    return sendProblem(
      c,
      problem(503, {
        type: ProblemType.storeUnavailable,
        title: 'Service unavailable',
        detail: 'The item store is unavailable right now; retry shortly.',
        requestId,
      }),
      { 'retry-after': RETRY_AFTER_SECONDS },
    );
  }
  logger.error('Request failed', { requestId, method: c.req.method, route: c.get('route') as string | undefined, error });
  return sendProblem(c, problem(500, { detail: 'The request failed on the server.', requestId }));
};

export const handleNotFound: NotFoundHandler = (c) =>
  sendProblem(c, problem(404, { detail: `Nothing is served at ${c.req.path}.`, requestId: requestIdOf(c) }));

function requestIdOf(c: Context): string | undefined {
  return c.get('requestId') as string | undefined;
}

function withPeriod(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
