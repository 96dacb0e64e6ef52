import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LambdaNode } from '@items-api/lambda-runner';
import { REGISTER_HOOKS } from '@items-api/lambda-runner';
import { type HandlerVariant, timedProcess } from './handler-variants.js';

const IMPORT_PROBE = fileURLToPath(new URL('./import-probe.mjs', import.meta.url));

export interface ImportCost {
  /** `hono/aws-lambda`, `node:http`, or `first new Request()`. */
  what: string;
  ms: number[];
}

/**
 * What each module the function imports costs alone: for every bare specifier of the built handler
 * (static imports and the dynamic `import()`s, found in the bundle, not listed), fresh processes that
 * import just that, from the layer, as Lambda resolves it. They overlap (shared chunks, Node's own
 * modules), so they do not add up to the cold start. Also the first `Request` of a process, alone and
 * after `node:http` is imported as a module.
 */
export async function measureModuleImports(node: LambdaNode, variant: HandlerVariant, rounds: number): Promise<ImportCost[]> {
  const bundle = await readFile(variant.handlerFile, 'utf8');
  const specifiers = [...new Set([...bundle.matchAll(/(?:from|import\()\s*"([^"]+)"/g)].map((match) => match[1]!))];
  const packages = specifiers.filter((specifier) => !specifier.startsWith('node:')).sort();
  // Outside the repository (and its node_modules), so that packages resolve from the layer only.
  const scratch = await mkdtemp(join(tmpdir(), 'items-api-imports-'));
  const probe = join(scratch, 'import-probe.mjs');
  await copyFile(IMPORT_PROBE, probe);
  const cases: { what: string; args: string[] }[] = [
    ...packages.map((specifier) => ({ what: specifier, args: [specifier] })),
    { what: 'node:http (as an ES module)', args: ['node:http'] },
    { what: 'first new Request()', args: ['first-request'] },
    { what: 'first new Request(), node:http imported', args: ['first-request', 'node:http'] },
  ];
  const costs = cases.map(({ what }): ImportCost => ({ what, ms: [] }));
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const [i, { args }] of cases.entries()) {
        const run = await timedProcess<{ ms: number }>(node, ['--import', REGISTER_HOOKS, probe, ...args], variant.taskRoot, variant.env);
        costs[i]!.ms.push(run.report!.ms);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return costs;
}
