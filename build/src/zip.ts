import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { unzipSync, type Zippable, zipSync } from 'fflate';

// Fixed time and mode for every entry: the same sources give the same zip, byte for byte, so a
// deploy uploads nothing when nothing changed. 0644 files: Lambda runs code as a user that must
// be able to read every file, whatever the permissions were on the machine that built it.
const UNIX = 3;
const FILE_MODE = 0o100644 << 16;

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Zips the contents of `dir` (not the folder itself) into `zipFile`; returns the zip's size in bytes. */
export async function zipDirectory(dir: string, zipFile: string): Promise<number> {
  // Zip times are local date and time fields: a date made from fields, in the time zone of the
  // moment, gives the same fields in every time zone.
  const mtime = new Date(2000, 0, 1);
  const files: Zippable = {};
  for (const path of await listFiles(dir)) {
    files[path] = [await readFile(join(dir, path)), { mtime, os: UNIX, attrs: FILE_MODE }];
  }
  const zip = zipSync(files, { level: 9 });
  await mkdir(dirname(zipFile), { recursive: true });
  await writeFile(zipFile, zip);
  return zip.byteLength;
}

/** Extracts `zipFile` into `dir`, as Lambda extracts a function or layer archive. */
export async function extractZip(zipFile: string, dir: string): Promise<void> {
  const entries = unzipSync(await readFile(zipFile));
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/')) continue;
    const target = join(dir, path);
    if (relative(dir, target).startsWith('..')) throw new Error(`${zipFile} has an entry outside its root: ${path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}
