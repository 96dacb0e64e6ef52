import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDocumentClient } from './dynamodb-client.js';
import { DynamoDbItemStore } from './dynamodb-item-store.js';
import { StoreUnavailableError } from './errors.js';

// A "DynamoDB" that accepts connections and never answers, as a hung network does.
const sockets = new Set<Socket>();
const silent = createServer((socket) => sockets.add(socket));
let endpoint: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

it('gives up on a DynamoDB that never answers, as unavailable, well inside a Lambda timeout', { timeout: 30_000 }, async () => {
  const store = new DynamoDbItemStore({
    client: createDocumentClient({ endpoint, region: 'us-east-1' }),
    tableName: 'items',
  });
  const started = Date.now();
  await expect(store.get(randomUUID())).rejects.toBeInstanceOf(StoreUnavailableError);
  const elapsed = Date.now() - started;
  // Three attempts of 2 s plus backoff; the template's timeout is 10 s.
  expect(elapsed).toBeGreaterThanOrEqual(2_000);
  expect(elapsed).toBeLessThan(9_500);
  expect(sockets.size).toBe(3);
});
