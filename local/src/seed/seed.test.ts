import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { freePort, startDynamoDbLocal } from '@items-api/dynamodb-local/dynamodb-local';
import { answersHttp } from '@items-api/dynamodb-local/http-probe';
import { resourceSchemas } from '@items-api/function/resource-schemas';
import { items } from '@items-api/function/resources';
import { TEST_REGION } from '@items-api/test-support/dynamodb';
import { useItemsTable } from '@items-api/test-support/items-table';
import { storedRecords } from '@items-api/test-support/stored-records';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run seed` as a user runs it (tsx, with the `source` condition), with its output on pipes, as on CI.
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const seeded = useItemsTable('seed');
const untouched = useItemsTable('seed-refused');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startSeed(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<Run>; stdout: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'local/src/seed/seed.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

function seed(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return startSeed(args, env).done;
}

/** The environment of a run against `table` in the test DynamoDB Local, as AWS_ENDPOINT_URL_DYNAMODB names it. */
function externalEnv(table: { name: string; idempotencyName: string; endpoint: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL_DYNAMODB: table.endpoint,
    TABLE_NAME: table.name,
    IDEMPOTENCY_TABLE_NAME: table.idempotencyName,
  };
}

/** The environment of a run with nothing named: npm start's DynamoDB Local, on `port`, data in `dataDir`. */
function localEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DYNAMODB_LOCAL_PORT: String(port), DYNAMODB_LOCAL_DATA_DIR: dataDir };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.TABLE_NAME;
  delete env.IDEMPOTENCY_TABLE_NAME;
  return env;
}

async function scanAll(endpoint: string, tableName: string): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({ endpoint, region: TEST_REGION });
  try {
    return await storedRecords(client, tableName);
  } finally {
    client.destroy();
  }
}

// Progress bars and cursor moves start with ESC; none belong in output that is not a terminal.
const ESCAPE = '\u001b';

describe('npm run seed', () => {
  it('writes exactly N items the API accepts, with no bar off a terminal, and sums up with the capacity', { timeout: 60_000 }, async () => {
    const run = await seed(['--count', '120'], externalEnv(seeded));
    expect(run.stderr).not.toContain('Error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote 120 items into table ${seeded.name} at ${seeded.endpoint} (AWS_ENDPOINT_URL_DYNAMODB).`);
    expect(run.stdout).toMatch(/^ {2}records {4}120$/m);
    expect(run.stdout).toMatch(/^ {2}rate {7}[\d,]+ records\/s$/m);
    expect(run.stdout).toMatch(/^ {2}retried {4}0 unprocessed records$/m);
    expect(run.stdout + run.stderr).not.toContain(ESCAPE);

    const stored = await scanAll(seeded.endpoint, seeded.name);
    expect(stored).toHaveLength(120);
    // One write unit per item of under 1 KB, and one more for each item in the byCategory index (those
    // with a category), all of them BatchWriteItem's.
    const units = 120 + stored.filter((item) => item.category !== undefined).length;
    expect(run.stdout).toContain(`  capacity   ${units} WCU consumed (BatchWriteItem ${units} WCU)`);
    expect(new Set(stored.map((item) => item.name)).size).toBe(120);
    const { record } = resourceSchemas(items);
    for (const item of stored) {
      // Valid as the API's own schema has it, nothing added or dropped: a seeded item can be PUT back as it is.
      expect(v.parse(record, item)).toEqual(item);
      expect(item).toMatchObject({ version: 1, createdAt: item.updatedAt });
    }
  });

  it.each([
    [['--count', '0'], '--count takes a whole number from 1 to 1,000,000, not "0".'],
    [['--count', '-1'], '--count takes a whole number from 1 to 1,000,000, not "-1".'],
    [['--count', 'abc'], '--count takes a whole number from 1 to 1,000,000, not "abc".'],
    [['--count', '2.5'], '--count takes a whole number from 1 to 1,000,000, not "2.5".'],
    [['--count', '1000001'], '--count takes a whole number from 1 to 1,000,000, not "1000001".'],
    [[], '--count is required'],
    [['--resource', 'no-such-resource', '--count', '5'], '--resource "no-such-resource" is not a resource of this API'],
    [['--count'], "Option '-n, --count <value>' argument missing"],
    [['--count', '5', '--colour', 'red'], "Unknown option '--colour'"],
  ])('refuses %j with exit 2, a clear message and nothing written', { timeout: 30_000 }, async (args, message) => {
    const run = await seed(args, externalEnv(untouched));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`seed: ${message}`);
    expect(run.stderr).toContain('Usage: npm run seed -- [--resource NAME] --count N');
    expect(run.stdout).toBe('');
    expect(await scanAll(untouched.endpoint, untouched.name)).toEqual([]);
  });

  it('explains itself with --help', async () => {
    const run = await seed(['--help'], externalEnv(untouched));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run seed -- [--resource NAME] --count N');
    expect(run.stdout).toContain('AWS_ENDPOINT_URL_DYNAMODB');
  });
});

describe('npm run seed without AWS_ENDPOINT_URL_DYNAMODB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'items-seed-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts npm start's DynamoDB Local on its data directory and stops it; writes into it when it runs; stops it on Ctrl-C", {
    timeout: 120_000,
  }, async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;

    const own = await seed(['--count', '30'], localEnv(port, dataDir));
    expect(own.code).toBe(0);
    expect(own.stdout).toContain(`Starting DynamoDB Local on 127.0.0.1:${port} (data in ${dataDir})`);
    expect(own.stdout).toContain(`Wrote 30 items into table items of DynamoDB Local on 127.0.0.1:${port}, data in ${dataDir}`);
    expect(own.stdout).toContain('Stopped DynamoDB Local.');
    expect(await answersHttp(endpoint, 2_000)).toBe(false);

    // As while npm start runs: a DynamoDB Local on that port and data directory.
    const running = await startDynamoDbLocal({ port, dataDir });
    try {
      const into = await seed(['--count', '20'], localEnv(port, dataDir));
      expect(into.code).toBe(0);
      expect(into.stdout).toContain(`Wrote 20 items into table items of the DynamoDB Local already running on 127.0.0.1:${port}.`);
      expect(into.stdout).not.toContain('Stopped DynamoDB Local');
      expect(await answersHttp(endpoint, 2_000)).toBe(true);
      // The first run's items were kept on disk.
      expect(await scanAll(endpoint, 'items')).toHaveLength(50);
    } finally {
      await running.stop();
    }

    // Ctrl-C in the middle of a load: it says how far it got and stops its DynamoDB Local.
    const interrupted = startSeed(['--count', '100000'], localEnv(port, dataDir));
    const deadline = Date.now() + 60_000;
    while (!interrupted.stdout().includes('Writing 100,000 items') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    interrupted.child.kill('SIGINT');
    const result = await interrupted.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/SIGINT: stopped after [\d,]+ of 100,000 items, written into table items of DynamoDB Local/);
    expect(await answersHttp(endpoint, 2_000)).toBe(false);
  });
});
