import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { freePort } from '@items-api/dynamodb-local/dynamodb-local';
import { answersHttp } from '@items-api/dynamodb-local/http-probe';
import { type LocalServer, startLocalServer } from '@items-api/test-support/local-server';
import { afterAll, describe, expect, it, vi } from 'vitest';

// `npm run dev` as a user runs it, its sources stood in for by files of this test (the project's own
// must not break under the other tests): the server entry the reloads start, in a folder it watches
// too, and a type-checked file of a project of its own.
const dir = mkdtempSync(join(tmpdir(), 'items-dev-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const entry = join(dir, 'entry.mts');
const SERVER = `import { startServer } from ${JSON.stringify(join(PROJECT_ROOT, 'function/src/entry/server.ts'))};
const server = await startServer();
console.log(\`Items API listening on \${server.url}\`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
`;

describe('npm run dev', () => {
  it('reloads on a change keeping DynamoDB Local and its data, survives a syntax and a type error, and leaves nothing running', {
    timeout: 120_000,
  }, async () => {
    writeFileSync(entry, SERVER);
    writeFileSync(join(dir, 'checked.ts'), 'export const answer: number = 42;\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, files: ['checked.ts'] }));
    const [apiPort, dynamoDbPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DYNAMODB_LOCAL_PORT: String(dynamoDbPort),
      DYNAMODB_LOCAL_DATA_DIR: join(dir, 'data'),
      DEV_SERVER_ENTRY: entry,
      DEV_WATCH: dir,
      DEV_TSCONFIG: join(dir, 'tsconfig.json'),
    };
    delete env.AWS_ENDPOINT_URL_DYNAMODB;
    delete env.TABLE_NAME;
    const dev: LocalServer = await startLocalServer(apiPort, env, 'dev');
    try {
      const created = await fetch(`${dev.apiUrl}items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Kept', price: 1 }),
      });
      const item = (await created.json()) as { id: string };

      // A syntax error: said, and dev waits for the fix.
      writeFileSync(entry, `${SERVER}\nconst = ;\n`);
      await vi.waitFor(() => expect(dev.output()).toContain('The API did not start'), { timeout: 20_000 });
      expect(dev.child.exitCode).toBeNull();

      // Fixed: a fresh server, on the same DynamoDB Local, with the data as it was.
      writeFileSync(entry, SERVER);
      await vi.waitFor(() => expect(dev.output()).toMatch(/↻ changed .*entry\.mts: reloaded in \d+ ms/), { timeout: 20_000 });
      const read = await fetch(`${dev.apiUrl}items/${item.id}`);
      expect(read.status).toBe(200);
      expect(dev.output().match(/Starting DynamoDB Local/g)).toHaveLength(1);

      // A type error: the watching type checker says so.
      writeFileSync(join(dir, 'checked.ts'), "export const answer: number = 'forty-two';\n");
      await vi.waitFor(() => expect(dev.output()).toMatch(/tsc │ .*error TS2322/), { timeout: 60_000 });
    } finally {
      expect(await dev.stop('SIGINT')).toBe(0);
    }
    expect(await answersHttp(dev.apiUrl, 2_000)).toBe(false);
    expect(await answersHttp(`http://127.0.0.1:${dynamoDbPort}`, 2_000)).toBe(false);
    // Neither the server nor the type checker (both named by this test's folder) is left running.
    const left = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' });
    if (!left.error) expect(left.stdout).toBe('');
  });
});
