import type { Context } from 'hono';
import { API_INFO } from '../docs/docs-routes.js';
import { RESOURCES } from '../resources/index.js';

// The same for every request: made once.
const SERVICE = {
  name: API_INFO.title,
  version: API_INFO.version,
  description: API_INFO.description,
  links: { ...Object.fromEntries(RESOURCES.map(({ name }) => [name, name])), openapi: 'openapi.json', docs: 'docs', redoc: 'redoc' },
};

/** `GET /`: what this service is, its resources and its docs. Links are relative to the root. */
export function describeService(c: Context): Response {
  return c.json(SERVICE);
}
