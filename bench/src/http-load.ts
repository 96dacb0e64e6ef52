import { type ChildProcess, spawn } from 'node:child_process';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { freePort } from '@items-api/dynamodb-local/dynamodb-local';
import type { LambdaNode } from '@items-api/lambda-runner';
import { localFunctionEnvironment } from '@items-api/local/local-function-environment';
import autocannon from 'autocannon';

export interface HttpLoadResult {
  connections: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * The plain Node server (`npm run serve`) in a process of its own, on `node` (the function's Node.js),
 * on loopback, with autocannon in this one sending GET /items/{id} for `seconds` at each concurrency.
 */
export async function measureHttp(
  node: LambdaNode,
  target: { endpoint: string; region: string; tableName: string; itemId: string },
  connectionCounts: number[],
  seconds: number,
): Promise<HttpLoadResult[]> {
  const port = await freePort();
  const server = await startServer(node, port, {
    ...process.env,
    ...localFunctionEnvironment(target.endpoint),
    AWS_REGION: target.region,
    TABLE_NAME: target.tableName,
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  try {
    const url = `http://127.0.0.1:${port}/items/${target.itemId}`;
    await autocannon({ url, connections: 2, duration: 1 }); // warm-up
    const results: HttpLoadResult[] = [];
    for (const connections of connectionCounts) {
      const result = await autocannon({ url, connections, duration: seconds });
      results.push({
        connections,
        requestsPerSecond: result.requests.average,
        latencyP50Ms: result.latency.p50,
        latencyP99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    }
    return results;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

async function startServer(node: LambdaNode, port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(node.path, ['--import', 'tsx', '--conditions=source', 'function/src/entry/server.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes(`listening on http://127.0.0.1:${port}`)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Node server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}
