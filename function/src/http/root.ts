import type { Context } from 'hono';
import { API_INFO } from '../docs/docs-routes.js';

/**
 * `GET /`: what this service is, the collections it serves (named by the app) and its docs. Links
 * are relative to the root. The body is the same for every request: made once.
 */
export function describeService(collections: readonly string[]): (c: Context) => Response {
  const body = {
    name: API_INFO.title,
    version: API_INFO.version,
    description: API_INFO.description,
    links: { ...Object.fromEntries(collections.map((name) => [name, name])), openapi: 'openapi.json', docs: 'docs', redoc: 'redoc' },
  };
  return (c) => c.json(body);
}
