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
  const byText = new Map<string, string[]>();
  for (const { name, version, text } of await bundledPackages(inputs, base)) {
    byText.set(text, [...(byText.get(text) ?? []), `${name}@${version}`]);
  }
  return [...byText].map(([text, packages]) => `${packages.join('\n')}\n\n${text}\n`).join(`\n${'-'.repeat(72)}\n\n`);
}

export interface BundledPackage {
  name: string;
  version: string;
  /** Its licence text: its own licence file's, or, where its tarball carries none, `LICENCES_NOT_SHIPPED`'s. */
  text: string;
}

/** The npm packages that `inputs` (paths relative to `base`, as in an esbuild metafile) come from, by folder. */
export async function bundledPackages(inputs: string[], base: string): Promise<BundledPackage[]> {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(resolve(base, input));
    if (match?.[1]) dirs.add(match[1]);
  }
  const packages: BundledPackage[] = [];
  for (const dir of [...dirs].sort()) {
    const { name, version, license } = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
    const file = (await readdir(dir)).find((entry) => /^licen[cs]e/i.test(entry));
    const text = file ? (await readFile(join(dir, file), 'utf8')).trim() : licenceNotShipped(name, license);
    packages.push({ name, version, text });
  }
  return packages;
}

/**
 * Licence texts of packages whose npm tarball carries none (the text is in their repository), by
 * package scope, each with the licence its `package.json` declares.
 */
const LICENCES_NOT_SHIPPED: Record<string, { license: string; text: string }> = {
  // https://github.com/aws-powertools/powertools-lambda-typescript/blob/main/LICENSE
  '@aws-lambda-powertools': {
    license: 'MIT-0',
    text: `MIT No Attribution (MIT-0), from https://github.com/aws-powertools/powertools-lambda-typescript/blob/main/LICENSE

Copyright 2021 Amazon.com, Inc. or its affiliates. All Rights Reserved.

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.`,
  },
};

/** The licence text of a package that ships none; the build fails rather than release code without it. */
function licenceNotShipped(name: string, license: string | undefined): string {
  const known = LICENCES_NOT_SHIPPED[name.split('/')[0]!];
  if (known && known.license === license) return known.text;
  throw new Error(
    `${name} ships no licence file and its licence (${license ?? 'none declared'}) has no text in build/src/third-party.ts: add it to LICENCES_NOT_SHIPPED`,
  );
}
