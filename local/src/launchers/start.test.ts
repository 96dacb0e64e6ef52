import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@items-api/dynamodb-local/dynamodb-local';
import { answersHttp } from '@items-api/dynamodb-local/http-probe';
import { type LocalServer, startLocalServer } from '@items-api/test-support/local-server';
import { afterAll, describe, expect, it, vi } from 'vitest';

// `npm start` as a user runs it: its own DynamoDB Local, data kept on disk, everything stopped on exit.
const dataDir = mkdtempSync(join(tmpdir(), 'items-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(apiPort: number, dynamoDbPort: number): Promise<LocalServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DYNAMODB_LOCAL_PORT: String(dynamoDbPort),
    DYNAMODB_LOCAL_DATA_DIR: dataDir,
    LOCAL_QUEUES_DIR: join(dataDir, 'queues'),
  };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.TABLE_NAME;
  delete env.HISTORY_TABLE_NAME;
  return startLocalServer(apiPort, env);
}

describe('npm start', () => {
  it('serves the API on its own DynamoDB Local, keeps items and their history across restarts, and stops everything on Ctrl-C', {
    timeout: 120_000,
  }, async () => {
    const [apiPort, dynamoDbPort] = [await freePort(), await freePort()];
    const first = await start(apiPort, dynamoDbPort);
    expect(first.output()).toContain(`Items API   ${first.apiUrl}`);
    expect(first.output()).toContain(`Swagger   ${first.apiUrl}docs`);
    expect(first.output()).toContain('Created table items (with a stream of its changes).');
    expect(first.output()).toContain('Created table history.');
    const created = await fetch(`${first.apiUrl}items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survivor', price: 1 }),
    });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string };

    expect(await first.stop('SIGINT')).toBe(0);
    expect(await answersHttp(first.apiUrl, 2_000)).toBe(false);
    expect(await answersHttp(`http://127.0.0.1:${dynamoDbPort}`, 2_000)).toBe(false);

    const second = await start(apiPort, dynamoDbPort);
    try {
      expect(second.output()).not.toContain('Created table');
      const read = await fetch(`${second.apiUrl}items/${item.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id: item.id, name: 'Survivor' });
      // Its history, written by the consumer beside the API, once, though the stream is read again.
      await vi.waitFor(
        async () => {
          const history = await fetch(`${second.apiUrl}items/${item.id}/history`);
          expect(((await history.json()) as { type: string }[]).map(({ type }) => type)).toEqual(['created']);
        },
        { timeout: 10_000, interval: 200 },
      );
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
    expect(await answersHttp(`http://127.0.0.1:${dynamoDbPort}`, 2_000)).toBe(false);
  });
});
