import { readdir, readFile, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from './artifacts.js';

interface PackageJson {
  name: string;
  version: string;
  license?: string;
}

/** A package's folder as npm installed it (workspaces are hoisted to the root's `node_modules`). */
export async function packageDir(name: string): Promise<string> {
  return realpath(join(PROJECT_ROOT, 'node_modules', name));
}

export async function readPackageJson(name: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(await packageDir(name), 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The licence texts of the npm packages that `inputs` (paths relative to `base`) come from, one block
 * per distinct text: bundling removes the packages' own LICENSE files, which their licences require
 * to travel with the code.
 */
export async function thirdPartyNotices(inputs: string[], base: string): Promise<string> {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(resolve(base, input));
    if (match?.[1]) dirs.add(match[1]);
  }
  const byText = new Map<string, string[]>();
  for (const dir of [...dirs].sort()) {
    const { name, version, license } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
    const file = (await readdir(dir)).find((entry) => /^licen[cs]e/i.test(entry));
    const text = file ? (await readFile(join(dir, file), 'utf8')).trim() : `License: ${license ?? 'unknown'}`;
    byText.set(text, [...(byText.get(text) ?? []), `${name}@${version}`]);
  }
  return [...byText].map(([text, packages]) => `${packages.join('\n')}\n\n${text}\n`).join(`\n${'-'.repeat(72)}\n\n`);
}
