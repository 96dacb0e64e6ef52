import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { OutputFile } from 'esbuild';
import { PROJECT_ROOT } from './artifacts.js';

/** Writes what esbuild made in memory, source maps made relative to the project root first. */
export async function writeOutputFiles(files: readonly OutputFile[]): Promise<void> {
  for (const file of files) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.path.endsWith('.map') ? projectRelativeMap(file) : file.contents);
  }
}

/**
 * esbuild writes sources relative to the output folder, which differs between `sam build` and
 * `npm run build` and names the build machine's folders. Relative to the project root instead
 * (`function/src/app.ts`), the map, and so the zip, is the same wherever it was built.
 */
function projectRelativeMap(file: OutputFile): string {
  const map = JSON.parse(file.text) as { sources: string[] };
  // A plugin's module (`layer:hono`, an import of the function's dependencies entry) is no file: as it is.
  map.sources = map.sources.map((source) =>
    /^[\w-]+:/.test(source) ? source : relative(PROJECT_ROOT, resolve(dirname(file.path), source)),
  );
  return JSON.stringify(map);
}
