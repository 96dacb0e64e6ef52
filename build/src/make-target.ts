import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringSetting } from '@items-api/dynamodb-records';

/**
 * Runs `step(ARTIFACTS_DIR, ...names)` when `moduleUrl` is the script Node was started with, as the
 * Makefile's targets do (`sam build` sets `ARTIFACTS_DIR`; the Makefile passes it on as the argument
 * after the `names` the script takes first, as the function's logical id).
 */
export async function runAsMakeTarget(
  moduleUrl: string,
  step: (artifactsDir: string, ...names: string[]) => Promise<unknown>,
  names: readonly string[] = [],
): Promise<void> {
  if (!isMainModule(moduleUrl)) return;
  const values = process.argv.slice(2, 2 + names.length);
  const artifactsDir = process.argv[2 + names.length] ?? stringSetting(process.env, 'ARTIFACTS_DIR');
  if (!artifactsDir || values.length < names.length) {
    console.error(`usage: ${process.argv[1]} ${[...names, 'ARTIFACTS_DIR'].join(' ')}`);
    process.exit(2);
  }
  try {
    await step(resolve(artifactsDir), ...values);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** True in the module Node was started with (`node build/src/build.ts`), false where it is imported. */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}
