import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal } from '../local/src/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The end-to-end suite speaks plain HTTP to `API_URL` (a deployed stage, say). Without it, it starts
 * the local server the way `npm start` does, on DynamoDB Local with a table of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.API_URL?.trim();
  if (given) {
    project.provide('apiUrl', given.endsWith('/') ? given : `${given}/`);
    return async () => undefined;
  }
  const dynamoDb = await startDynamoDbLocal();
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'local/src/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      TABLE_NAME: `e2e-${randomUUID().slice(0, 8)}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const apiUrl = `http://127.0.0.1:${port}/`;
  try {
    await waitForServer(apiUrl, server);
  } catch (error) {
    server.kill('SIGKILL');
    await dynamoDb.stop();
    throw new Error(`${String(error)}\n${output.join('')}`);
  }
  project.provide('apiUrl', apiUrl);
  return async () => {
    await stop(server);
    await dynamoDb.stop();
  };
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The local server exited with ${server.exitCode}.`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The local server did not answer at ${url} within 60 s.`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
