import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem, sendProblem } from './problems.js';

/** The largest request body the API reads: items are small, and nothing larger is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** 413 past `MAX_BODY_BYTES`, decided from `Content-Length` or while reading, before any parsing. */
export function bodyLimitGuard(): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      sendProblem(
        c,
        problem(413, { detail: `The body is larger than ${MAX_BODY_BYTES} bytes.`, requestId: c.get('requestId') as string | undefined }),
      ),
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * 400 for a JSON body that is not valid UTF-8. `Request.json()` would quietly turn such bytes into
 * U+FFFD and store them; checking the bytes first keeps what was sent from being silently changed.
 */
export function utf8Guard(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.raw.body && /json/i.test(c.req.header('content-type') ?? '')) {
      try {
        strictUtf8.decode(await c.req.arrayBuffer());
      } catch {
        return sendProblem(
          c,
          problem(400, { detail: 'The body is not valid UTF-8.', requestId: c.get('requestId') as string | undefined }),
        );
      }
    }
    await next();
  };
}
