import { describe, expect, it } from 'vitest';
import { apiUrl } from './api.js';

// What the reference's clients do (its tests/test_api.py): envelope bodies, URLs under `items/`,
// 201/200/204/404, the list as an array. They must work against this API unchanged.
const BASE_URL = new URL('items/', apiUrl).href;

describe('a client written for the reference API', () => {
  it('creates, reads, lists and deletes an item as it always did', async () => {
    const payload = { item: { name: 'Test Item', price: 100, description: 'A test item' } };
    const created = await fetch(BASE_URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(created.status).toBe(201);
    const data = (await created.json()) as Record<string, unknown>;
    expect(data.name).toBe(payload.item.name);
    expect(data.price).toBe(payload.item.price);
    expect(data.description).toBe(payload.item.description);
    expect(typeof data.id).toBe('string');

    const read = await fetch(`${BASE_URL}${data.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as Record<string, unknown>).id).toBe(data.id);

    const list = await fetch(BASE_URL);
    expect(list.status).toBe(200);
    const items = (await list.json()) as Record<string, unknown>[];
    expect(Array.isArray(items)).toBe(true);

    const deleted = await fetch(`${BASE_URL}${data.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);

    const gone = await fetch(`${BASE_URL}${data.id}`);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as Record<string, unknown>).detail).toBe('Item not found');
  });
});
