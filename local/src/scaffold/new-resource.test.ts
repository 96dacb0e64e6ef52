import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { RESOURCES } from '@items-api/function/resources';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run new:resource` in a copy of the project (its working tree, its node_modules linked,
// the workspaces pointing at the copy), then the copy's type-check and the resource's generated tests,
// against the Node server and the packaged function behind the runner.
const copy = mkdtempSync(join(tmpdir(), 'items-scaffold-'));
// A name the project does not serve yet (after `npm run new:resource -- orders` of its own, another).
const NAME = ['orders', 'invoices', 'tickets'].find((name) => !RESOURCES.some((resource) => resource.name === name))!;
const ENTITY = NAME.charAt(0).toUpperCase() + NAME.slice(1, -1);
const TABLE = `${NAME.charAt(0).toUpperCase()}${NAME.slice(1)}Table`;
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const WORKSPACES: Record<string, string> = {
  bench: 'bench',
  build: 'build',
  client: 'client',
  'dynamodb-records': 'layers/dynamodb-records',
  function: 'function',
  'lambda-runner': 'lambda-runner',
  local: 'local',
  'test-support': 'test-support',
};

function copyProject(): void {
  const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(files.status).toBe(0);
  for (const file of files.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(PROJECT_ROOT, file), join(copy, file));
  }
  mkdirSync(join(copy, 'node_modules/@items-api'), { recursive: true });
  for (const entry of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
    if (entry !== '@items-api') symlinkSync(join(PROJECT_ROOT, 'node_modules', entry), join(copy, 'node_modules', entry));
  }
  for (const [name, dir] of Object.entries(WORKSPACES)) symlinkSync(join(copy, dir), join(copy, 'node_modules/@items-api', name));
}

/** The copy's own processes get the environment of a user's shell, not of this test run. */
function run(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST|NODE_OPTIONS)/.test(name)));
  return spawnSync(process.execPath, args, { cwd: copy, env, encoding: 'utf8', timeout: 240_000 });
}

const scaffold = (...args: string[]) => run(['--import', 'tsx', '--conditions=source', 'local/src/scaffold/new-resource.ts', ...args]);
const read = (file: string) => readFileSync(join(copy, file), 'utf8');

describe('npm run new:resource', () => {
  it('adds a resource that type-checks, is served on both servers and passes its generated tests; refuses a bad or taken name, changing nothing', {
    timeout: 300_000,
  }, () => {
    copyProject();
    const added = scaffold(NAME);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(`Added /${NAME} (${ENTITY}).`);
    expect(read('function/src/resources/index.ts')).toMatch(new RegExp(`export const RESOURCES = \\[items, (\\w+, )*${NAME}\\] as const;`));
    expect(read('infra/template.yaml')).toMatch(new RegExp(`^ {2}${TABLE}:$`, 'm'));
    expect(read('infra/template.yaml')).toContain(`${NAME.toUpperCase()}_TABLE_NAME: !Ref ${TABLE}`);
    expect(read('client/src/generated/openapi.ts')).toContain(`"/${NAME}/{id}": {`);

    const before = ['function/src/resources/index.ts', 'infra/template.yaml'].map(read);
    for (const [args, message] of [
      [[NAME], /is taken/],
      [['Orders!'], /is not a resource name/],
      [['docs'], /a path the API serves itself/],
      [['things', '--entity', 'item'], /is not an entity name/],
      [[], /usage: npm run new:resource/],
    ] as const) {
      const refused = scaffold(...args);
      expect(refused.status, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(message);
    }
    expect(['function/src/resources/index.ts', 'infra/template.yaml'].map(read)).toEqual(before);

    const typecheck = run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
    expect(typecheck.stdout + typecheck.stderr).toBe('');
    const tests = run([
      'node_modules/vitest/vitest.mjs',
      'run',
      `e2e/${NAME}.test.ts`,
      'infra/template.test.ts',
      'client/src/generated.test.ts',
    ]);
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(new RegExp(`e2e-lambda.*${NAME}\\.test\\.ts`));
  });
});
