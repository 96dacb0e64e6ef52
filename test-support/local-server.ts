import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The last line `npm start` prints once it serves. */
const READY = 'Ctrl-C stops';

export interface LocalServer {
  child: ChildProcess;
  /** The API root, ending in `/`. */
  apiUrl: string;
  /** Everything it has printed so far. */
  output(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `npm start`'s launcher (`local/src/start.ts`) as a user would, on `port`, and waits until it serves. */
export async function startLocalServer(port: number, env: NodeJS.ProcessEnv): Promise<LocalServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'local/src/start.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const server: LocalServer = {
    child,
    apiUrl: `http://127.0.0.1:${port}/`,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      child.exitCode !== null
        ? Promise.resolve(child.exitCode)
        : new Promise((resolve) => {
            child.once('exit', (code) => resolve(code));
            child.kill(signal);
          }),
  };
  const deadline = Date.now() + 60_000;
  while (!output.includes(READY)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The local server did not come up on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}
