import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as resources from '@items-api/function/resources';
import { applyEdits, declarationFile, e2eTestFile, listResource, projectEdits, type ResourceOptions, tableFile } from './resource-files.js';
import { type ResourceNames, resourceNames } from './resource-names.js';

// `npm run new:resource -- <name> [--entity <Entity>] [--history]`: a resource on the generic blocks,
// right the first time — its declaration (the domain) and its table declaration (what tooling needs),
// its place in RESOURCES (routes, auth, docs, the store) and RESOURCE_TABLES (the local tables,
// seeding), its table on AWS with its store's rights, its e2e test, and the typed client regenerated;
// with --history, its changes kept too (the table's stream, read by HistoryFunction). A bad or taken
// name changes nothing.

const USAGE = 'usage: npm run new:resource -- <name> [--entity <Entity>] [--history]   (a plural, lowercase: orders, gift-cards)';

export interface Scaffolded {
  names: ResourceNames;
  created: string[];
  changed: string[];
}

/** Everything `name` would take, checked before anything is written. */
export async function planResource(root: string, name: string, entity?: string, options: ResourceOptions = {}) {
  const names = resourceNames(name, entity);
  if ('refused' in names) throw new ScaffoldRefusal(names.refused);
  const taken = resources.RESOURCES.find((resource) => resource.name === names.name || resource.entity === names.entity);
  if (taken) throw new ScaffoldRefusal(`"${name}" is taken: the API already serves ${taken.name} (entity ${taken.entity}).`);
  const dir = `function/src/resources/${names.name}`;
  const declaration = `${dir}/${names.name}-resource.ts`;
  const table = `${dir}/${names.name}-table.ts`;
  const test = `e2e/${names.name}.test.ts`;
  for (const file of [declaration, table, test]) if (existsSync(join(root, file))) throw new ScaffoldRefusal(`${file} exists already.`);
  const template = await readFile(join(root, 'infra/template.yaml'), 'utf8');
  if (new RegExp(`^  ${names.tableResource}:`, 'm').test(template))
    throw new ScaffoldRefusal(`infra/template.yaml has a ${names.tableResource} already.`);
  const index = 'function/src/resources/index.ts';
  // `items-table` would be declared as `itemsTable`, which items' table is already called.
  for (const binding of [names.variable, names.tableDeclaration]) {
    if (binding in resources) throw new ScaffoldRefusal(`"${name}" would be declared as ${binding}, a name ${index} exports already.`);
  }
  const listed = await readFile(join(root, index), 'utf8');
  const edits = projectEdits(names, options);
  const changes = new Map<string, string>([[index, listResource(listed, names)]]);
  for (const file of new Set(edits.map((edit) => edit.file)))
    changes.set(file, applyEdits(file, await readFile(join(root, file), 'utf8'), edits));
  return {
    names,
    files: new Map([
      [declaration, declarationFile(names, options)],
      [table, tableFile(names)],
      [test, e2eTestFile(names)],
    ]),
    changes,
  };
}

/** Writes the resource into the project at `root`, formats what it wrote, and regenerates the client's types. */
export async function newResource(root: string, name: string, entity?: string, options: ResourceOptions = {}): Promise<Scaffolded> {
  const plan = await planResource(root, name, entity, options);
  const generated = 'client/src/generated/openapi.ts';
  const originals = new Map<string, string>();
  for (const file of [...plan.changes.keys(), generated]) originals.set(file, await readFile(join(root, file), 'utf8'));
  try {
    for (const [file, text] of [...plan.files, ...plan.changes]) {
      await mkdir(dirname(join(root, file)), { recursive: true });
      await writeFile(join(root, file), text);
    }
    const written = [...plan.files.keys(), ...plan.changes.keys()];
    run(root, ['node_modules/@biomejs/biome/bin/biome', 'check', '--write', ...written.filter((file) => file.endsWith('.ts'))]);
    // In a process of its own: this one has loaded the resources as they were.
    run(root, ['--import', 'tsx', '--conditions=source', 'client/src/generate.ts']);
  } catch (error) {
    // All or nothing: the project is left as it was found.
    for (const [file, text] of originals) await writeFile(join(root, file), text);
    for (const file of plan.files.keys()) await rm(join(root, file), { force: true });
    await rm(join(root, `function/src/resources/${plan.names.name}`), { recursive: true, force: true });
    throw error;
  }
  return { names: plan.names, created: [...plan.files.keys()], changed: [...plan.changes.keys(), 'client/src/generated/openapi.ts'] };
}

export class ScaffoldRefusal extends Error {
  override readonly name = 'ScaffoldRefusal';
}

function run(cwd: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'WARN', AWS_REGION: process.env.AWS_REGION ?? 'us-east-1' },
  });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const entityAt = args.indexOf('--entity');
  const entity = entityAt >= 0 ? args[entityAt + 1] : undefined;
  const history = args.includes('--history');
  const [name] = args.filter((arg, i) => !arg.startsWith('--') && !(entityAt >= 0 && i === entityAt + 1));
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--entity' && arg !== '--history');
  if (!name || (entityAt >= 0 && !entity) || unknown.length > 0) {
    console.error(USAGE);
    process.exit(2);
  }
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  try {
    const { names, created, changed } = await newResource(root, name, entity, { history });
    console.log(`Added /${names.name} (${names.entity}).
  created  ${created.join('\n           ')}
  changed  ${changed.join('\n           ')}
Next: make its fields your own in ${created[0]} (and its sample in ${created[1]}), then \`npm run client:generate\` and \`npm test\`.
\`npm start\` serves it on /${names.name} (its table made in DynamoDB Local), \`npm run deploy\` creates ${names.tableResource}${
      history ? `, with the stream HistoryFunction reads its history from (served at /${names.name}/{id}/history)` : ''
    }.`);
  } catch (error) {
    console.error(`new:resource: ${error instanceof Error ? error.message : error}`);
    process.exit(error instanceof ScaffoldRefusal ? 2 : 1);
  }
}
