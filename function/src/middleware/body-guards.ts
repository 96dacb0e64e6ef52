import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.js';
import { ProblemError } from '../http/problems.js';

/** The largest request body the API reads: items are small, and nothing larger is parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** 413 past `MAX_BODY_BYTES`, decided from `Content-Length` or while reading, before any parsing. */
export function bodyLimitGuard(): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError(413, { detail: `The body is larger than ${MAX_BODY_BYTES} bytes.` });
    },
  });
}

/**
 * A body sent with no `Content-Type` is read as JSON, as FastAPI (the reference) reads it: API
 * Gateway forwards what the client sent, and the events `sam local generate-event` writes carry a
 * body and no type. Without this, the routes' body check (`openapi/request-input.ts`) would answer
 * 415 to any body without a type. A type that is
 * present and not JSON stays 415. An empty body is left alone (a missing body stays a 422).
 * Placed after the size guard, so no more than `MAX_BODY_BYTES` is read here.
 */
export function jsonWhenUntyped(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.raw.body && !c.req.header('content-type') && (await c.req.arrayBuffer()).byteLength > 0) {
      c.req.raw.headers.set('content-type', 'application/json');
    }
    await next();
  };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * 400 for a JSON body that is not valid UTF-8. `Request.json()` would quietly turn such bytes into
 * U+FFFD and store them; checking the bytes first keeps what was sent from being silently changed.
 */
export function utf8Guard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.raw.body && /json/i.test(c.req.header('content-type') ?? '')) {
      try {
        strictUtf8.decode(await c.req.arrayBuffer());
      } catch {
        throw new ProblemError(400, { detail: 'The body is not valid UTF-8.' });
      }
    }
    await next();
  };
}
