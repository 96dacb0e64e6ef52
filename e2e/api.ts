import { expect, inject } from 'vitest';

/** The API under test, ending in `/`: the local server, or `API_URL`. */
export const apiUrl = inject('apiUrl');

export const json = { 'content-type': 'application/json' };

/** A request to a path relative to the API root (`items/`, `docs`), never following redirects. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, apiUrl), { redirect: 'manual', ...init });
}

export function post(path: string, body: unknown): Promise<Response> {
  return call(path, { method: 'POST', headers: json, body: JSON.stringify(body) });
}

export function put(path: string, body: unknown): Promise<Response> {
  return call(path, { method: 'PUT', headers: json, body: JSON.stringify(body) });
}

export interface Item {
  id: string;
  name: string;
  price: number;
  description: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export async function createItem(body: unknown = { name: 'Cup', price: 100 }): Promise<Item> {
  const response = await post('items', body);
  if (response.status !== 201) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Item;
}

/** Follows `Link: <…>; rel="next"` from `first` until there is none; returns every page. */
export async function walkPages(first: string): Promise<{ pages: Item[][]; urls: string[] }> {
  const pages: Item[][] = [];
  const urls: string[] = [];
  let next: URL | undefined = new URL(first, apiUrl);
  while (next) {
    urls.push(next.href);
    const response: Response = await fetch(next);
    if (response.status !== 200) throw new Error(`${next.href} answered ${response.status}`);
    pages.push((await response.json()) as Item[]);
    const target: string | undefined = /<([^>]*)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    // Link targets are URI references resolved against the URL that was requested (RFC 8288 §3.1).
    next = target === undefined ? undefined : new URL(target, next);
  }
  return { pages, urls };
}

/** Deletes what a test created, so a run against a deployed stage leaves no items behind. */
export async function deleteItems(ids: Iterable<string>): Promise<void> {
  await Promise.all([...ids].map((id) => call(`items/${id}`, { method: 'DELETE' })));
}

/** Checks a problem+json answer (RFC 9457) with `status`, and returns its body. */
export async function expectProblem(response: Response, status: number): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  return body;
}
