import type { Context } from 'hono';
import { API_INFO } from '../docs/docs-routes.js';

/** `GET /`: what this service is and where its docs are. Links are relative to the root. */
export function describeService(c: Context): Response {
  return c.json({
    name: API_INFO.title,
    version: API_INFO.version,
    description: API_INFO.description,
    links: { items: 'items', openapi: 'openapi.json', docs: 'docs', redoc: 'redoc' },
  });
}
