import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringSetting } from '@items-api/dynamodb-records';

/**
 * Runs `step(ARTIFACTS_DIR)` when `moduleUrl` is the script Node was started with, as the Makefile's
 * targets do (`sam build` sets `ARTIFACTS_DIR`; the Makefile passes it on as the first argument).
 */
export async function runAsMakeTarget(moduleUrl: string, step: (artifactsDir: string) => Promise<unknown>): Promise<void> {
  if (!isMainModule(moduleUrl)) return;
  const artifactsDir = process.argv[2] ?? stringSetting(process.env, 'ARTIFACTS_DIR');
  if (!artifactsDir) {
    console.error(`usage: ${process.argv[1]} ARTIFACTS_DIR`);
    process.exit(2);
  }
  try {
    await step(resolve(artifactsDir));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** True in the module Node was started with (`node build/src/build.ts`), false where it is imported. */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}
