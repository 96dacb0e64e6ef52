import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { extractZip } from '@items-api/build/zip';
import { REGISTER_HOOKS } from './runtime-files.js';

/**
 * How a bare `import` reaches the layers' packages (Node.js searches NODE_PATH for `require` only;
 * Lambda's Node.js builds search it for `import` too, natively, after the usual lookup):
 * - `native` (the runner's): a `node_modules` folder at the sandbox's root, the stand-in for `/`,
 *   holding a link to each package of NODE_PATH's `node_modules` folders, the first folder's first
 *   (`/opt/nodejs/node24/node_modules` before `/opt/nodejs/node_modules`). Node's own upward lookup
 *   reaches it last, from the task root and from the layers alike, which is where Lambda's search of
 *   NODE_PATH comes: after the usual lookup. No JavaScript runs per import.
 * - `hook`: no such folder; the resolve hook of `runtime/register-hooks.mjs` (`--import`) searches
 *   NODE_PATH for each bare specifier instead. Kept to measure what it costs a cold start.
 */
export type Resolution = 'native' | 'hook';

/** A function's code and layers unpacked where its execution environments read them. */
export interface Sandbox {
  /** `/var/task`: the function's zip. */
  taskRoot: string;
  /** `/var/runtime`: empty here; on AWS it holds the runtime and its own AWS SDK. */
  runtimeDir: string;
  /** NODE_PATH as the `nodejs<N>.x` runtime sets it, with this sandbox's folders. */
  nodePath: string[];
  /** The flags its runtime's Node.js starts with, for `resolution` (none when native). */
  execArgv: string[];
  remove(): Promise<void>;
}

/**
 * Extracts the zips a deploy uploads into a fresh folder under the system's temp folder, laid out as
 * Lambda lays them out. Nothing above it may hold a `node_modules`: the handler would find packages
 * there that Lambda would not give it.
 */
export async function createSandbox(
  runtime: string,
  functionZip: string,
  layerZips: string[],
  { resolution = 'native' }: { resolution?: Resolution } = {},
): Promise<Sandbox> {
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
    const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
    if (!major) throw new Error(`The local runner runs Node.js functions only, not ${runtime}`);
    const nodePath = [
      join(optDir, `nodejs/node${major}/node_modules`),
      join(optDir, 'nodejs/node_modules'),
      join(runtimeDir, 'node_modules'),
      runtimeDir,
      taskRoot,
    ];
    const linked = resolution === 'native' ? [await linkNodePath(root, nodePath)] : [];
    // Read-only, as on Lambda (where only /tmp is writable): code that writes beside itself fails here too.
    await setWritable([taskRoot, runtimeDir, optDir, ...linked], false);
    const execArgv = resolution === 'hook' ? ['--import', REGISTER_HOOKS] : [];
    return { taskRoot, runtimeDir, nodePath, execArgv, remove: () => removeSandbox(root) };
  } catch (error) {
    await removeSandbox(root);
    throw error;
  }
}

/**
 * `<root>/node_modules`: a relative link to each package (each scope's package) of NODE_PATH's
 * `node_modules` folders that exist, the first folder's where two hold the same name. Folders of
 * NODE_PATH that are not `node_modules` folders (`/var/runtime`, `/var/task`) are left out: whether
 * Lambda's ES module search finds a package placed directly in them is not documented.
 */
async function linkNodePath(root: string, nodePath: string[]): Promise<string> {
  const linked = join(root, 'node_modules');
  await mkdir(linked);
  const link = async (target: string, path: string): Promise<void> => {
    if (existsSync(path)) return;
    await symlink(relative(dirname(path), target), path);
  };
  for (const dir of nodePath.filter((dir) => basename(dir) === 'node_modules' && existsSync(dir))) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const source = join(dir, entry.name);
      if (!entry.name.startsWith('@') || !entry.isDirectory()) {
        await link(source, join(linked, entry.name));
        continue;
      }
      await mkdir(join(linked, entry.name), { recursive: true });
      for (const name of await readdir(source)) await link(join(source, name), join(linked, entry.name, name));
    }
  }
  return linked;
}

async function removeSandbox(root: string): Promise<void> {
  await setWritable([root], true).catch(() => undefined);
  await rm(root, { recursive: true, force: true });
}

/** Files 0444 or 0644, folders 0555 or 0755, everything under `dirs` (links left alone: chmod would change their targets). */
async function setWritable(dirs: string[], writable: boolean): Promise<void> {
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    // Folders last when locking (so they can still be walked), first when unlocking.
    const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
    const folders = [dir, ...entries.filter((entry) => entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name))];
    if (writable) for (const folder of folders) await chmod(folder, 0o755);
    for (const file of files) await chmod(file, writable ? 0o644 : 0o444);
    if (!writable) for (const folder of folders.reverse()) await chmod(folder, 0o555);
  }
}
