import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { extractZip } from '@items-api/build/zip';

/** A function's code and layers unpacked where its execution environments read them. */
export interface Sandbox {
  /** `/var/task`: the function's zip. */
  taskRoot: string;
  /** `/var/runtime`: empty here; on AWS it holds the runtime and its own AWS SDK. */
  runtimeDir: string;
  /** NODE_PATH as the `nodejs<N>.x` runtime sets it, with this sandbox's folders. */
  nodePath: string[];
  remove(): Promise<void>;
}

/**
 * Extracts the zips a deploy uploads into a fresh folder under the system's temp folder, laid out as
 * Lambda lays them out. Nothing above it may hold a `node_modules`: the handler would find packages
 * there that Lambda would not give it.
 */
export async function createSandbox(runtime: string, functionZip: string, layerZips: string[]): Promise<Sandbox> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'items-api-lambda-')));
  try {
    for (let dir = dirname(root); ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'node_modules'))) {
        throw new Error(`${join(dir, 'node_modules')} would be visible to the function; set TMPDIR to a folder without one above it`);
      }
      if (dirname(dir) === dir) break;
    }
    const taskRoot = join(root, 'var/task');
    const runtimeDir = join(root, 'var/runtime');
    const optDir = join(root, 'opt');
    await Promise.all([taskRoot, runtimeDir, optDir].map((dir) => mkdir(dir, { recursive: true })));
    await extractZip(functionZip, taskRoot);
    for (const zip of layerZips) await extractZip(zip, optDir);
    // Read-only, as on Lambda (where only /tmp is writable): code that writes beside itself fails here too.
    await setWritable([taskRoot, runtimeDir, optDir], false);
    const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
    if (!major) throw new Error(`The local runner runs Node.js functions only, not ${runtime}`);
    const nodePath = [
      join(optDir, `nodejs/node${major}/node_modules`),
      join(optDir, 'nodejs/node_modules'),
      join(runtimeDir, 'node_modules'),
      runtimeDir,
      taskRoot,
    ];
    return { taskRoot, runtimeDir, nodePath, remove: () => removeSandbox(root) };
  } catch (error) {
    await removeSandbox(root);
    throw error;
  }
}

async function removeSandbox(root: string): Promise<void> {
  await setWritable([root], true).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
}

/** Files 0444 or 0644, folders 0555 or 0755, everything under `dirs`. */
async function setWritable(dirs: string[], writable: boolean): Promise<void> {
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    // Folders last when locking (so they can still be walked), first when unlocking.
    const files = entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
    const folders = [dir, ...entries.filter((entry) => entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name))];
    if (writable) for (const folder of folders) await chmod(folder, 0o755);
    for (const file of files) await chmod(file, writable ? 0o644 : 0o444);
    if (!writable) for (const folder of folders.reverse()) await chmod(folder, 0o555);
  }
}
