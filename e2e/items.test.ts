import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { apiUrl, call, createItem, deleteItems, expectProblem, type Item, json, post, put, walkPages } from './api.js';

const created = new Set<string>();
afterAll(() => deleteItems(created));

async function create(body: unknown): Promise<Item> {
  const item = await createItem(body);
  created.add(item.id);
  return item;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('POST /items', () => {
  it.each(['items', 'items/'])('creates from a plain body at %s: 201, the item, and a Location to read it', async (path) => {
    const response = await post(path, { name: 'Cup', price: 1250, description: 'Porcelain' });
    expect(response.status).toBe(201);
    const item = (await response.json()) as Item;
    created.add(item.id);
    expect(item).toEqual({
      id: expect.stringMatching(UUID),
      name: 'Cup',
      price: 1250,
      description: 'Porcelain',
      version: 1,
      createdAt: expect.stringMatching(ISO),
      updatedAt: item.createdAt,
    });
    expect(response.headers.get('etag')).toBe('"1"');
    const location = new URL(response.headers.get('location') ?? '', new URL(path, apiUrl));
    expect(location.href).toBe(new URL(`items/${item.id}`, apiUrl).href);
    expect(await (await fetch(location)).json()).toEqual(item);
  });

  it('takes the reference envelope {"item": {...}} with the same result', async () => {
    const plain = await create({ name: 'Envelope', price: 5, description: 'd' });
    const wrapped = await create({ item: { name: 'Envelope', price: 5, description: 'd' } });
    const fields = ({ name, price, description }: Item) => ({ name, price, description });
    expect(fields(wrapped)).toEqual(fields(plain));
  });

  it('defaults description to "", ignores a client id and unknown fields', async () => {
    const clientId = randomUUID();
    const item = await create({ id: clientId, name: 'Defaults', price: 0, color: 'red' });
    expect(item.id).not.toBe(clientId);
    expect(item).not.toHaveProperty('color');
    expect(item.description).toBe('');
    expect(await (await call(`items/${item.id}`)).json()).not.toHaveProperty('color');
    expect((await call(`items/${clientId}`)).status).toBe(404);
  });

  it('accepts the limits: 200-character name, 2000-character description, the largest safe price', async () => {
    const item = await create({ name: 'n'.repeat(200), price: Number.MAX_SAFE_INTEGER, description: 'd'.repeat(2000) });
    expect(item.price).toBe(Number.MAX_SAFE_INTEGER);
    expect(item.name).toHaveLength(200);
  });
});

describe('refused writes: problem+json, the failing fields, and nothing stored', () => {
  const marker = `refused-${randomUUID()}`;
  const invalid: [string, unknown, string[]][] = [
    ['no fields', {}, ['name', 'price']],
    ['no price', { name: marker }, ['price']],
    ['an empty name', { name: '', price: 1 }, ['name']],
    ['a 201-character name', { name: `${marker}${'n'.repeat(201)}`, price: 1 }, ['name']],
    ['a negative price', { name: marker, price: -1 }, ['price']],
    ['a fractional price', { name: marker, price: 1.5 }, ['price']],
    ['a price as a string', { name: marker, price: '12' }, ['price']],
    ['a price beyond safe integers', { name: marker, price: 2 ** 53 }, ['price']],
    ['a 2001-character description', { name: marker, price: 1, description: 'd'.repeat(2001) }, ['description']],
    ['a name of the wrong type', { name: 7, price: 1 }, ['name']],
    ['an envelope with a bad price', { item: { name: marker, price: -5 } }, ['item.price']],
    ['an envelope missing its name', { item: { price: 5 } }, ['item.name']],
  ];

  it.each(invalid)('POST with %s is 422 naming exactly those fields', async (_, body, paths) => {
    const problem = await expectProblem(await post('items', body), 422);
    const errors = problem.errors as { in: string; path: string; message: string }[];
    expect(errors.map((error) => error.path).sort()).toEqual(paths);
    for (const error of errors) {
      expect(error.in).toBe('body');
      expect(error.message).not.toBe('');
    }
  });

  it.each(invalid)('PUT with %s is 422 and leaves the item as it was', async (_, body, paths) => {
    const item = await create({ name: 'Untouched', price: 1 });
    const problem = await expectProblem(await put(`items/${item.id}`, body), 422);
    expect((problem.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(paths);
    expect(await (await call(`items/${item.id}`)).json()).toEqual(item);
  });

  it('malformed JSON is 400', async () => {
    await expectProblem(await call('items', { method: 'POST', headers: json, body: '{"name": "x",' }), 400);
  });

  it.each([['[]'], ['"text"'], ['42'], ['null']])('a JSON body that is not an object (%s) is 400', async (body) => {
    await expectProblem(await call('items', { method: 'POST', headers: json, body }), 400);
  });

  it('a body that is not JSON is 415', async () => {
    const response = await call('items', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'name=x' });
    await expectProblem(response, 415);
  });

  it('none of the refused requests stored anything', async () => {
    const { pages } = await walkPages('items?limit=1000');
    expect(pages.flat().filter((item) => item.name.includes(marker) || item.name === '')).toEqual([]);
  });
});

describe('GET /items/{id}', () => {
  it('reads an item with and without a trailing slash', async () => {
    const item = await create({ name: 'Read me', price: 3 });
    for (const path of [`items/${item.id}`, `items/${item.id}/`]) {
      const response = await call(path);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(item);
    }
  });

  it.each([randomUUID(), 'not-a-uuid', 'x'.repeat(3000)])('is a problem+json 404 for an unknown id (%s)', async (id) => {
    const problem = await expectProblem(await call(`items/${id}`), 404);
    expect(problem.detail).toBe('Item not found');
  });
});

describe('PUT /items/{id}', () => {
  it('replaces the item, keeping id and createdAt, with and without a trailing slash', async () => {
    const item = await create({ name: 'Before', price: 1, description: 'old' });
    for (const [path, name] of [
      [`items/${item.id}`, 'After'],
      [`items/${item.id}/`, 'Again'],
    ] as const) {
      const response = await put(path, { item: { name, price: 2 } });
      expect(response.status).toBe(200);
      const replaced = (await response.json()) as Item;
      expect(replaced).toMatchObject({ id: item.id, name, price: 2, description: '', createdAt: item.createdAt });
      expect(replaced.updatedAt >= item.updatedAt).toBe(true);
      expect(await (await call(`items/${item.id}`)).json()).toEqual(replaced);
    }
  });

  it('is 404 for an absent item and never creates it', async () => {
    const id = randomUUID();
    await expectProblem(await put(`items/${id}`, { name: 'Ghost', price: 1 }), 404);
    await expectProblem(await call(`items/${id}`), 404);
  });
});

describe('DELETE /items/{id}', () => {
  it.each(['', '/'])('is 204 with no body (path suffix %j), then 404 on read and on a second delete', async (suffix) => {
    const item = await create({ name: 'Doomed', price: 1 });
    const response = await call(`items/${item.id}${suffix}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    await expectProblem(await call(`items/${item.id}`), 404);
    await expectProblem(await call(`items/${item.id}${suffix}`, { method: 'DELETE' }), 404);
    created.delete(item.id);
  });

  it('is 404 for an id that never existed', async () => {
    await expectProblem(await call(`items/${randomUUID()}`, { method: 'DELETE' }), 404);
  });
});

describe('GET /items', () => {
  it.each(['items', 'items/'])('answers a bare JSON array at %s', async (path) => {
    const item = await create({ name: 'Listed', price: 1 });
    const response = await call(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Item[];
    expect(Array.isArray(body)).toBe(true);
    const { pages } = await walkPages(path);
    expect(pages.flat().find((listed) => listed.id === item.id)).toEqual(item);
  });

  it('pages with limit and Link rel="next" until every item has come exactly once', async () => {
    const mine = new Set<string>();
    for (let i = 0; i < 7; i++) mine.add((await create({ name: `Paged ${i}`, price: i })).id);
    const { pages, urls } = await walkPages('items/?limit=3');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(3);
    expect(pages.at(-1)!.length).toBeGreaterThan(0);
    const ids = pages.flat().map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => mine.has(id)).sort()).toEqual([...mine].sort());
    // The next page stays on the path the client used, with its limit.
    for (const url of urls.slice(1)) {
      expect(new URL(url).pathname).toBe(new URL('items/', apiUrl).pathname);
      expect(new URL(url).searchParams.get('limit')).toBe('3');
    }
  });

  it('gives no Link when the page holds the rest', async () => {
    const response = await call('items?limit=1000');
    expect(response.status).toBe(200);
    const page = (await response.json()) as Item[];
    // Locally the table is far smaller than 1000; a deployed one may not be.
    if (page.length < 1000) expect(response.headers.get('link')).toBeNull();
    else expect(response.headers.get('link')).toMatch(/rel="next"/);
  });

  it.each(['limit=0', 'limit=1001', 'limit=abc', 'limit=1.5', 'limit=', 'cursor=', 'cursor=forged!', 'cursor=eyJpZCI6MX0'])(
    'is 400 for a bad query (%s)',
    async (query) => {
      await expectProblem(await call(`items?${query}`), 400);
    },
  );
});

describe('the rest of the surface', () => {
  it('GET / describes the service and links to the docs', async () => {
    const response = await call('');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      name: 'Items API',
      links: { items: 'items', openapi: 'openapi.json', docs: 'docs', redoc: 'redoc' },
    });
  });

  it('an unknown path is a problem+json 404', async () => {
    await expectProblem(await call('nothing-here'), 404);
  });
});
