import { describe, expect, it } from 'vitest';
import { lazily } from './lazy.js';

describe('lazily', () => {
  it('makes the object on the first call, once, and passes every call on', async () => {
    let made = 0;
    const store = lazily(() => {
      made += 1;
      return { get: async (id: string) => `got ${id}`, put: async (id: string, value: number) => `${id}=${value}` };
    });
    expect(made).toBe(0);
    expect(await store.get('a')).toBe('got a');
    expect(await store.put('b', 2)).toBe('b=2');
    expect(made).toBe(1);
  });

  it('turns a failure to make it into a rejected call, and tries again on the next', async () => {
    let attempts = 0;
    const store = lazily(() => {
      attempts += 1;
      if (attempts === 1) throw new Error('TABLE_NAME is not set');
      return { get: async () => 'ok' };
    });
    await expect(store.get()).rejects.toThrow('TABLE_NAME is not set');
    await expect(store.get()).resolves.toBe('ok');
  });

  it('is no promise itself, so an async function can return it', async () => {
    const store = lazily(() => ({ get: async () => 'ok' }));
    const returned = await (async () => store)();
    expect(returned).toBe(store);
  });
});
