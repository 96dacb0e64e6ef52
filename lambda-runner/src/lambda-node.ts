import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Node.js binary that runs a `nodejs<N>.x` function here: the major version Lambda runs. */
export interface LambdaNode {
  path: string;
  /** `v24.22.3`. */
  version: string;
}

const found = new Map<string, LambdaNode>();

/**
 * The Node.js of `runtime` (`nodejs24.x`): this process's own Node when its major version matches,
 * else the binary that the npm registry ships inside `node-<platform>-<arch>` (an optional dependency
 * of this package, installed for the machine's platform only). Measuring or running a function on
 * another major version than Lambda's would be measuring a runtime we do not deploy.
 */
export function lambdaNode(runtime: string): LambdaNode {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (!major) throw new Error(`The local runner runs Node.js functions only, not ${runtime}`);
  const cached = found.get(major);
  if (cached) return cached;
  const node = majorOf(process.version) === major ? { path: process.execPath, version: process.version } : registryNode(major, runtime);
  found.set(major, node);
  return node;
}

function registryNode(major: string, runtime: string): LambdaNode {
  const name = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  let path: string | undefined;
  try {
    path = join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin', 'node');
  } catch {
    // Not installed: no package for this platform, or installed with --omit=optional.
  }
  const version = path ? execFileSync(path, ['--version'], { encoding: 'utf8' }).trim() : undefined;
  if (!path || !version || majorOf(version) !== major) {
    throw new Error(
      `The template's ${runtime} runs on Node.js ${major}, and so do the local runner and the benchmark, ` +
        `but this machine runs Node.js ${process.version}${version ? ` and ${name} holds ${version}` : ` and ${name} is not installed`}. ` +
        `Run npm install (it installs ${name} where the npm registry has one), or run this with Node.js ${major}.`,
    );
  }
  return { path, version };
}

function majorOf(version: string): string | undefined {
  return /^v?(\d+)\./.exec(version)?.[1];
}
