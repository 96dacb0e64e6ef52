import type { ChildProcess } from 'node:child_process';

/** Seconds a child gets to stop on SIGTERM (DynamoDB Local flushing, a server closing) before SIGKILL. */
const GRACE_MS = 5_000;

/** Stops a child process and waits until it is gone (its port free again): SIGTERM, then SIGKILL. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
