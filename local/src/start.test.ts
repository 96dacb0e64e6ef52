import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './dynamodb-local.js';

// `npm start` as a user runs it: its own DynamoDB Local, data kept on disk, everything stopped on exit.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'items-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  apiUrl: string;
  output: () => string;
}

async function start(apiPort: number, dynamoDbPort: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(apiPort),
    DYNAMODB_LOCAL_PORT: String(dynamoDbPort),
    DYNAMODB_LOCAL_DATA_DIR: dataDir,
  };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.TABLE_NAME;
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'local/src/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Ctrl-C stops')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, apiUrl: `http://127.0.0.1:${apiPort}/`, output: () => output };
}

function interrupt(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('serves the API on its own DynamoDB Local, keeps items across restarts, and stops everything on Ctrl-C', { timeout: 120_000 }, async () => {
    const [apiPort, dynamoDbPort] = [await freePort(), await freePort()];
    const first = await start(apiPort, dynamoDbPort);
    expect(first.output()).toContain(`Items API   ${first.apiUrl}`);
    expect(first.output()).toContain(`Swagger   ${first.apiUrl}docs`);
    expect(first.output()).toContain('Created table items.');
    const created = await fetch(`${first.apiUrl}items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survivor', price: 1 }),
    });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string };

    expect(await interrupt(first.child)).toBe(0);
    expect(await answers(first.apiUrl)).toBe(false);
    expect(await answers(`http://127.0.0.1:${dynamoDbPort}`)).toBe(false);

    const second = await start(apiPort, dynamoDbPort);
    try {
      expect(second.output()).not.toContain('Created table');
      const read = await fetch(`${second.apiUrl}items/${item.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id: item.id, name: 'Survivor' });
    } finally {
      expect(await interrupt(second.child)).toBe(0);
    }
    expect(await answers(`http://127.0.0.1:${dynamoDbPort}`)).toBe(false);
  });
});
