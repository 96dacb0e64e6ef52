import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { apiUrl, call, createItem, deleteItems, expectProblem, type Item, put } from './api.js';

// A record's history is written by HistoryFunction from the table's stream, after the write: these
// tests wait for it (a few seconds at most, locally well under one), as a client would.

const created = new Set<string>();
afterAll(() => deleteItems(created));

interface HistoryEntry {
  version: number;
  type: 'created' | 'replaced' | 'deleted';
  at: string;
  record: Item;
  changed: string[];
}

const HISTORY_WAIT_MS = 15_000;
// Past the wait, so that a history that lags shows as a wrong list rather than a timeout.
const TEST_TIMEOUT = { timeout: 60_000 };

/** Every entry of the item's history, or undefined while it is 404: deleted before its first change reached the history. */
async function history(id: string): Promise<HistoryEntry[] | undefined> {
  const entries: HistoryEntry[] = [];
  let next: URL | undefined = new URL(`items/${id}/history?limit=100`, apiUrl);
  while (next) {
    const response: Response = await fetch(next);
    if (response.status === 404 && entries.length === 0) return undefined;
    if (response.status !== 200) throw new Error(`${next} answered ${response.status}: ${await response.text()}`);
    entries.push(...((await response.json()) as HistoryEntry[]));
    next = nextPage(response);
  }
  return entries;
}

/** `Link: <…>; rel="next"`, resolved against the URL that was requested (RFC 8288 §3.1). */
function nextPage(response: Response): URL | undefined {
  const target = /<([^>]*)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  return target === undefined ? undefined : new URL(target, response.url);
}

/** The record's history once it has `count` entries (or whatever it has when the wait runs out). */
async function historyOf(id: string, count: number): Promise<HistoryEntry[]> {
  const deadline = Date.now() + HISTORY_WAIT_MS;
  for (;;) {
    const entries = await history(id);
    if ((entries && entries.length >= count) || Date.now() > deadline) return entries ?? [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('GET /items/{id}/history', () => {
  it(
    'shows an item created, replaced twice and deleted: four entries, in order, each with the item as the change left it',
    TEST_TIMEOUT,
    async () => {
      const item = await createItem({ name: 'Cup', price: 100 });
      const first = await put(`items/${item.id}`, { name: 'Cup', price: 120 });
      expect(first.status).toBe(200);
      const second = await put(`items/${item.id}`, { name: 'Mug', price: 120, description: 'Bigger' });
      const replaced = (await second.json()) as Item;
      expect((await call(`items/${item.id}`, { method: 'DELETE' })).status).toBe(204);

      const entries = await historyOf(item.id, 4);
      expect(entries.map(({ type, version }) => [type, version])).toEqual([
        ['created', 1],
        ['replaced', 2],
        ['replaced', 3],
        ['deleted', 3],
      ]);
      expect(entries[0]!.record).toEqual(item);
      expect(entries[0]!.at).toBe(item.createdAt);
      expect(entries[1]!.changed).toEqual(['price']);
      expect([...entries[2]!.changed].sort()).toEqual(['description', 'name']);
      // A delete shows the item as it was before it.
      expect(entries[3]!.record).toEqual(replaced);
      expect(entries[3]!.record).not.toHaveProperty('writeToken');
      const times = entries.map(({ at }) => Date.parse(at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    },
  );

  it('pages as the lists do: limit, then Link rel="next" until the last entry', TEST_TIMEOUT, async () => {
    const item = await createItem({ name: 'Paged', price: 1 });
    created.add(item.id);
    for (const price of [2, 3]) expect((await put(`items/${item.id}`, { name: 'Paged', price })).status).toBe(200);
    await historyOf(item.id, 3);

    const first = await call(`items/${item.id}/history?limit=2`);
    expect(first.status).toBe(200);
    expect(((await first.json()) as HistoryEntry[]).map(({ version }) => version)).toEqual([1, 2]);
    const next = nextPage(first);
    expect(next).toBeDefined();
    const second = await fetch(next!);
    expect(((await second.json()) as HistoryEntry[]).map(({ version }) => version)).toEqual([3]);
    expect(second.headers.get('link')).toBeNull();
  });

  it('is 404 for an id that never existed', TEST_TIMEOUT, async () => {
    await expectProblem(await call(`items/${randomUUID()}/history`), 404);
  });

  it('refuses a cursor it did not issue: 400', TEST_TIMEOUT, async () => {
    const item = await createItem({ name: 'Cursor', price: 1 });
    created.add(item.id);
    await expectProblem(await call(`items/${item.id}/history?cursor=not-a-cursor`), 400);
  });

  it('keeps up with a burst of writes: every change of every item, once, in order', TEST_TIMEOUT, async () => {
    const items = await Promise.all(Array.from({ length: 30 }, (_, n) => createItem({ name: `Burst ${n}`, price: n })));
    for (const { id } of items) created.add(id);
    await Promise.all(items.map(({ id }, n) => put(`items/${id}`, { name: `Burst ${n}`, price: n + 1 })));
    for (const { id } of items) {
      const entries = await historyOf(id, 2);
      expect(entries.map(({ type, version }) => `${type} ${version}`)).toEqual(['created 1', 'replaced 2']);
    }
  });
});
