import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The last line the launchers print once they serve. */
const READY = 'Ctrl-C stops';

/**
 * The launchers, as `npm start`, `npm run start:lambda` (`-- --api-type http` for the HTTP API) and
 * `npm run dev` run them, and where each serves the API.
 */
export const LAUNCHERS = {
  start: { script: 'local/src/launchers/start.ts', args: [], portVariable: 'PORT', apiPath: '/' },
  'start:lambda': { script: 'local/src/launchers/start-lambda.ts', args: [], portVariable: 'LAMBDA_RUNNER_PORT', apiPath: '/prod/' },
  'start:lambda --api-type http': {
    script: 'local/src/launchers/start-lambda.ts',
    args: ['--api-type', 'http'],
    portVariable: 'LAMBDA_RUNNER_PORT',
    apiPath: '/prod/',
  },
  dev: { script: 'local/src/launchers/dev.ts', args: [], portVariable: 'PORT', apiPath: '/' },
} as const;

export type Launcher = keyof typeof LAUNCHERS;

export interface LocalServer {
  child: ChildProcess;
  /** The API root, ending in `/`. */
  apiUrl: string;
  /** Everything it has printed so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the launcher of `npm start` (or `npm run start:lambda`) as a user would, on `port`, and waits until it serves. */
export async function startLocalServer(port: number, env: NodeJS.ProcessEnv, launcher: Launcher = 'start'): Promise<LocalServer> {
  const { script, args, portVariable, apiPath } = LAUNCHERS[launcher];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', script, ...args], {
    cwd: ROOT,
    env: { ...env, [portVariable]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const server: LocalServer = {
    child,
    apiUrl: `http://127.0.0.1:${port}${apiPath}`,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      child.exitCode !== null
        ? Promise.resolve(child.exitCode)
        : new Promise((resolve) => {
            child.once('exit', (code) => resolve(code));
            child.kill(signal);
            // A launcher that does not stop within 10 s is killed (its own children may then be left).
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
  };
  // start:lambda builds the zips first.
  const deadline = Date.now() + 120_000;
  while (!output.includes(READY)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      // SIGTERM first: the launcher then stops what it started (DynamoDB Local), which SIGKILL would orphan.
      await server.stop('SIGTERM');
      throw new Error(`The local server did not come up on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}
