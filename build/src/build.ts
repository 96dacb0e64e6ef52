import { spawnSync } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type ArtifactId, artifactsDir, BUILD_DIR, FUNCTION_IDS, LAYER_ID, PROJECT_ROOT, zipFile } from './artifacts.js';
import { isMainModule } from './make-target.js';
import { listFiles, zipDirectory } from './zip.js';

export interface BuiltArtifact {
  id: ArtifactId;
  dir: string;
  zip: string;
  files: number;
  unzippedBytes: number;
  zipBytes: number;
}

/**
 * `npm run build`: the Makefile targets `sam build` runs, with `ARTIFACTS_DIR` under `.build/`, then
 * the zip files a deploy uploads.
 */
export async function buildArtifacts(buildDir = BUILD_DIR): Promise<BuiltArtifact[]> {
  const built: BuiltArtifact[] = [];
  const ids: ArtifactId[] = [LAYER_ID, ...FUNCTION_IDS];
  for (const id of ids) {
    const dir = artifactsDir(id, buildDir);
    await mkdir(dir, { recursive: true });
    const make = spawnSync('make', ['--no-print-directory', `build-${id}`, `ARTIFACTS_DIR=${dir}`], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (make.error) throw new Error(`Could not run make (GNU make is needed): ${make.error.message}`);
    if (make.status !== 0) throw new Error(`make build-${id} failed (exit ${make.status})`);
    const files = await listFiles(dir);
    let unzippedBytes = 0;
    for (const file of files) unzippedBytes += (await stat(join(dir, file))).size;
    const zip = zipFile(id, buildDir);
    built.push({ id, dir, zip, files: files.length, unzippedBytes, zipBytes: await zipDirectory(dir, zip) });
  }
  return built;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The built artifacts as a table: zip path, zip size, unzipped size, file count. */
export function formatSizes(built: BuiltArtifact[]): string {
  const rows = built.map((a) => [a.id, relative(PROJECT_ROOT, a.zip), kib(a.zipBytes), kib(a.unzippedBytes), String(a.files)]);
  const header = ['artifact', 'zip', 'zip size', 'unzipped', 'files'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

if (isMainModule(import.meta.url)) {
  try {
    console.log(formatSizes(await buildArtifacts()));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
