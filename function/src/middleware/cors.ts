import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * CORS answered by the app itself, on the Node server and on Lambda alike (SAM's `Cors` setting only
 * answers preflights; it adds nothing to proxy responses). Origins not allowed get no CORS headers,
 * so their browsers refuse the response.
 */
export function corsMiddleware(config: () => AppConfig): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin) => {
      const allowed = config().corsAllowedOrigins;
      if (allowed.includes('*')) return '*';
      return allowed.includes(origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id', 'Authorization', 'X-Api-Key'],
    exposeHeaders: ['ETag', 'Location', 'Link', 'Retry-After', 'X-Request-Id', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}
