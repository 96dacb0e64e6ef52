import { randomUUID } from 'node:crypto';
import { useHistoryTable } from '@items-api/test-support/history-table';
import { afterAll, expect, it } from 'vitest';
import { ConfigurationError } from '../records/errors.js';
import { lazyDynamoDbClient } from '../records/lazy-store.js';
import type { HistoryEntry } from './history-entry.js';
import { lazyHistoryStore } from './lazy-history-store.js';

const table = useHistoryTable('lazy-history');
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
});

const id = randomUUID();
const created: HistoryEntry = {
  version: 1,
  type: 'created',
  at: '2026-01-01T00:00:00.000Z',
  record: { id, name: 'Lamp', version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
  changed: ['name'],
};

it('reads HISTORY_TABLE_NAME on first use, not when made, and names it when it is missing', async () => {
  delete process.env.HISTORY_TABLE_NAME;
  // Made with no table named, it must not throw: Lambda would fail its init otherwise.
  const store = lazyHistoryStore({ client: lazyDynamoDbClient() });
  const refused = store.list('widgets', id, { limit: 1 });
  await expect(refused).rejects.toThrow(ConfigurationError);
  await expect(refused).rejects.toThrow(/^HISTORY_TABLE_NAME is not set/);

  process.env.HISTORY_TABLE_NAME = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  await expect(store.append('widgets', created)).resolves.toBe('written');
  // Configured once: a later change of the environment does not re-point it.
  process.env.HISTORY_TABLE_NAME = 'elsewhere';
  await expect(store.list('widgets', id, { limit: 1 })).resolves.toEqual({ items: [created] });
});

it('reads the variable it is told', async () => {
  delete process.env.HISTORY_TABLE_NAME;
  process.env.AUDIT_TABLE = table.name;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  const store = lazyHistoryStore({ client: lazyDynamoDbClient(), tableVariable: 'AUDIT_TABLE' });
  await expect(store.list('widgets', id, { limit: 1 })).resolves.toEqual({ items: [created] });
});
