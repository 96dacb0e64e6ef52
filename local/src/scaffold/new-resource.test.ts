import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { RESOURCES } from '@items-api/function/resources';
import { parseCloudFormationYaml } from '@items-api/lambda-runner';
import { dynamoDbEndpoint, TEST_REGION, uniqueTableName } from '@items-api/test-support/dynamodb';
import { storedRecords } from '@items-api/test-support/stored-records';
import { afterAll, describe, expect, it } from 'vitest';
import { planResource } from './new-resource.js';

// `npm run new:resource` in a copy of the project (its working tree, its node_modules linked,
// the workspaces pointing at the copy), then the copy's type-check, the resource's generated tests
// against the Node server and the packaged function behind the runner, and `npm run seed` of it.
const copy = mkdtempSync(join(tmpdir(), 'items-scaffold-'));
// A name the project does not serve yet (after `npm run new:resource -- orders` of its own, another).
const NAME = ['orders', 'invoices', 'tickets'].find((name) => !RESOURCES.some((resource) => resource.name === name))!;
const ENTITY = NAME.charAt(0).toUpperCase() + NAME.slice(1, -1);
const TABLE = `${NAME.charAt(0).toUpperCase()}${NAME.slice(1)}Table`;
const TABLE_VARIABLE = `${NAME.toUpperCase()}_TABLE_NAME`;
const STREAM = `${NAME.charAt(0).toUpperCase()}${NAME.slice(1)}Stream`;
afterAll(() => rmSync(copy, { recursive: true, force: true }));

// The seed's tables in the test run's DynamoDB Local: the new resource's, and those the seed makes
// beside it (every resource's and the idempotency table), each named so as to touch no other test's.
const seedTables = { TABLE_NAME: uniqueTableName('scaffold-items'), IDEMPOTENCY_TABLE_NAME: uniqueTableName('scaffold-idempotency') };
const seedTable = uniqueTableName(`scaffold-${NAME}`);
afterAll(async () => {
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  try {
    for (const table of [seedTable, ...Object.values(seedTables)]) {
      await client.send(new DeleteTableCommand({ TableName: table })).catch((error: unknown) => {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      });
    }
  } finally {
    client.destroy();
  }
});

/** The workspaces, by the package name others import them by: read from the project, so that a new one is linked too. */
function workspaces(): Record<string, string> {
  const root = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  return Object.fromEntries(
    root.workspaces.map((dir) => [
      (JSON.parse(readFileSync(join(PROJECT_ROOT, dir, 'package.json'), 'utf8')) as { name: string }).name,
      dir,
    ]),
  );
}

function copyProject(): void {
  const files = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(files.status).toBe(0);
  // A file deleted in the working tree but not yet in the index is not copied: the copy is the working tree.
  for (const file of files.stdout.split('\0').filter((file) => file && existsSync(join(PROJECT_ROOT, file)))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(PROJECT_ROOT, file), join(copy, file));
  }
  mkdirSync(join(copy, 'node_modules/@items-api'), { recursive: true });
  for (const entry of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
    if (entry !== '@items-api') symlinkSync(join(PROJECT_ROOT, 'node_modules', entry), join(copy, 'node_modules', entry));
  }
  for (const [name, dir] of Object.entries(workspaces())) symlinkSync(join(copy, dir), join(copy, 'node_modules', name));
}

/** The copy's own processes get the environment of a user's shell, not of this test run. */
function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|TEST|NODE_OPTIONS)/.test(name)));
  return spawnSync(process.execPath, args, { cwd: copy, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 240_000 });
}

const scaffold = (...args: string[]) => run(['--import', 'tsx', '--conditions=source', 'local/src/scaffold/new-resource.ts', ...args]);
const read = (file: string) => readFileSync(join(copy, file), 'utf8');

async function countRecords(table: string): Promise<number> {
  const client = new DynamoDBClient({ endpoint: dynamoDbEndpoint(), region: TEST_REGION });
  try {
    return (await storedRecords(client, table)).length;
  } finally {
    client.destroy();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation's JSON, of any shape
type Json = Record<string, any>;

/** The template `npm run new:resource -- NAME` would write, with `--history` or without, as CloudFormation reads it. */
async function plannedTemplate(history: boolean) {
  const plan = await planResource(PROJECT_ROOT, NAME, undefined, { history });
  const text = plan.changes.get('infra/template.yaml')!;
  const resources = (parseCloudFormationYaml(text) as Json).Resources as Json;
  return { text, resources, declaration: plan.files.get(`function/src/resources/${NAME}/${NAME}-resource.ts`)! };
}

const hasCfnLint = spawnSync('cfn-lint', ['--version'], { stdio: 'ignore' }).status === 0;

describe('npm run new:resource --history', () => {
  it("adds the table's stream, HistoryFunction's event on it with items' settings, its read rights and the table's variable", async () => {
    const { resources, declaration } = await plannedTemplate(true);
    expect(declaration).toMatch(/^ {2}history: true,$/m);
    expect(resources[TABLE].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const history = resources.HistoryFunction.Properties;
    const streamArn = (table: string) => ({ 'Fn::GetAtt': [table, 'StreamArn'] });
    expect(Object.keys(history.Events)).toEqual(['ItemsStream', STREAM]);
    expect(history.Events[STREAM]).toEqual({
      ...history.Events.ItemsStream,
      Properties: { ...history.Events.ItemsStream.Properties, Stream: streamArn(TABLE) },
    });
    // The consumer knows whose stream a record is by the variable naming the table, as the API does.
    expect(history.Environment.Variables[TABLE_VARIABLE]).toEqual({ Ref: TABLE });
    expect(resources.ItemsFunction.Properties.Environment.Variables[TABLE_VARIABLE]).toEqual({ Ref: TABLE });
    const statements = (resources.HistoryFunctionRole.Properties.Policies as Json[]).flatMap(
      (policy) => policy.PolicyDocument.Statement as Json[],
    );
    const onStreams = statements.filter((statement) => statement.Action.includes('dynamodb:GetRecords'));
    const streamsOf = (table: string) => ({ 'Fn::Sub': `\${${table}.Arn}/stream/*` });
    expect(onStreams.map((statement) => statement.Resource)).toEqual([[streamsOf('ItemsTable'), streamsOf(TABLE)]]);
    // Nothing else of the new table for HistoryFunction: its stream only.
    expect(JSON.stringify(statements)).not.toContain(`"${TABLE}","Arn"`);
  });

  it.skipIf(!hasCfnLint)('writes a template cfn-lint passes', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'items-scaffold-plan-'));
    try {
      writeFileSync(join(dir, 'template.yaml'), (await plannedTemplate(true)).text);
      const lint = spawnSync('cfn-lint', [join(dir, 'template.yaml')], { encoding: 'utf8' });
      expect(lint.stdout + lint.stderr).toBe('');
      expect(lint.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without --history, leaves the table without a stream and HistoryFunction as it was', async () => {
    const { resources, declaration } = await plannedTemplate(false);
    expect(declaration).not.toContain('history:');
    expect(resources[TABLE].Properties.StreamSpecification).toBeUndefined();
    const template = parseCloudFormationYaml(readFileSync(join(PROJECT_ROOT, 'infra/template.yaml'), 'utf8')) as Json;
    for (const id of ['HistoryFunction', 'HistoryFunctionRole']) expect(resources[id], id).toEqual(template.Resources[id]);
  });
});

describe('npm run new:resource', () => {
  it('adds a resource keeping its history (--history) that type-checks, is served on both servers, passes its generated tests and seeds; refuses a bad or taken name, changing nothing', {
    timeout: 480_000,
  }, async () => {
    copyProject();
    const added = scaffold(NAME, '--history');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(`Added /${NAME} (${ENTITY}).`);
    expect(added.stdout).toContain(`served at /${NAME}/{id}/history`);
    // The domain and the tooling, each in a file of its own, each listed and exported.
    const declaration = read(`function/src/resources/${NAME}/${NAME}-resource.ts`);
    expect(declaration).toContain(`export const ${NAME} = defineResource({`);
    expect(declaration).not.toContain('tableVariable');
    expect(declaration).toMatch(/^ {2}history: true,$/m);
    // An index, shown commented out with what else it needs, and where it goes in the template.
    expect(declaration).toContain(`  // indexes: { byTitle: { partition: 'title', sort: 'quantity' } },`);
    expect(declaration).toContain(`key attributes on ${TABLE} in infra/template.yaml`);
    expect(read(`function/src/resources/${NAME}/${NAME}-table.ts`)).toContain(
      `export const ${NAME}Table = resourceTable(${NAME}, {\n  tableVariable: '${TABLE_VARIABLE}',`,
    );
    const index = read('function/src/resources/index.ts');
    expect(index).toMatch(new RegExp(`export const RESOURCES = \\[items, (\\w+, )*${NAME}\\] as const;`));
    expect(index).toMatch(new RegExp(`export const RESOURCE_TABLES = \\[itemsTable, (\\w+, )*${NAME}Table\\] as const`));
    for (const [binding, module] of [
      [NAME, `${NAME}-resource`],
      [`${NAME}Table`, `${NAME}-table`],
    ]) {
      expect(index).toContain(`import { ${binding} } from './${NAME}/${module}.js';`);
      expect(index).toContain(`export { ${binding} } from './${NAME}/${module}.js';`);
    }
    expect(read('infra/template.yaml')).toMatch(new RegExp(`^ {2}${TABLE}:$`, 'm'));
    expect(read('infra/template.yaml')).toContain(`${TABLE_VARIABLE}: !Ref ${TABLE}`);
    expect(read('infra/template.yaml')).toContain(`      # An index ${NAME}-resource.ts declares goes here:`);
    // Its stream, read by HistoryFunction: the copy's template test (run below) holds them to items' settings.
    expect(read('infra/template.yaml')).toContain(`Stream: !GetAtt ${TABLE}.StreamArn`);
    expect(read('client/src/generated/openapi.ts')).toContain(`"/${NAME}/{id}": {`);

    const before = ['function/src/resources/index.ts', 'infra/template.yaml'].map(read);
    for (const [args, message] of [
      [[NAME], /is taken/],
      [['Orders!'], /is not a resource name/],
      [['docs'], /a path the API serves itself/],
      [['things', '--entity', 'item'], /is not an entity name/],
      [['things', '--histroy'], /usage: npm run new:resource/],
      [['items-table'], /would be declared as itemsTable/],
      [[], /usage: npm run new:resource/],
    ] as const) {
      const refused = scaffold(...args);
      expect(refused.status, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(message);
    }
    expect(['function/src/resources/index.ts', 'infra/template.yaml'].map(read)).toEqual(before);
    expect(readdirSync(join(copy, 'function/src/resources'))).not.toContain('items-table');

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

    // `npm run seed` knows it from RESOURCE_TABLES: its sample, its table variable.
    const seed = run(['--import', 'tsx', '--conditions=source', 'local/src/seed/seed.ts', '--resource', NAME, '--count', '20'], {
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDbEndpoint(),
      [TABLE_VARIABLE]: seedTable,
      ...seedTables,
    });
    expect(seed.status, seed.stdout + seed.stderr).toBe(0);
    expect(seed.stdout).toContain(`Wrote 20 ${NAME} into table ${seedTable}`);
    expect(await countRecords(seedTable)).toBe(20);
  });
});
