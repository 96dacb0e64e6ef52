import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '@items-api/build/artifacts';
import { freePort } from '@items-api/dynamodb-local/dynamodb-local';
import { answersHttp } from '@items-api/dynamodb-local/http-probe';
import { startLocalServer } from '@items-api/test-support/local-server';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run start:lambda -- --api-type …` as a user runs it: which API the runner stands in for.
const dataDir = mkdtempSync(join(tmpdir(), 'items-start-lambda-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function environment(dynamoDbPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DYNAMODB_LOCAL_PORT: String(dynamoDbPort),
    DYNAMODB_LOCAL_DATA_DIR: join(dataDir, 'dynamodb'),
    LOCAL_QUEUES_DIR: join(dataDir, 'queues'),
    LOCAL_BUILD_DIR: join(dataDir, 'build'),
  };
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'TABLE_NAME', 'HISTORY_TABLE_NAME', 'LOCAL_API_TYPE']) delete env[name];
  return env;
}

describe('npm run start:lambda --api-type', () => {
  it('refuses an API type other than rest or http before building or starting anything', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'local/src/launchers/start-lambda.ts', '--api-type', 'websocket'],
      { cwd: PROJECT_ROOT, env: environment(1), encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--api-type must be rest (API Gateway REST API, the default) or http (an HTTP API), not "websocket".');
    expect(run.stdout).not.toContain('Building');
  });

  it('with http, serves the HTTP API stand-in at the same /prod/ base URL, and says so', { timeout: 180_000 }, async () => {
    const dynamoDbPort = await freePort();
    const server = await startLocalServer(await freePort(), environment(dynamoDbPort), 'start:lambda --api-type http');
    try {
      expect(server.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod\/$/);
      expect(server.output()).toContain(
        `Items API (API Gateway HTTP API + Lambda, from ${relative(PROJECT_ROOT, join(dataDir, 'build'))}/*.zip)   ${server.apiUrl}`,
      );
      expect(server.output()).toContain('API type    ApiType=Http: API Gateway HTTP API (payload format 2.0 events)');
      const items = await fetch(`${server.apiUrl}items`);
      expect(items.status).toBe(200);
      // An HTTP API's request id header, not a REST API's.
      expect(items.headers.get('apigw-requestid')).toBeTruthy();
      expect(items.headers.get('x-amzn-requestid')).toBeNull();
      const outside = await fetch(new URL('/staging/items', server.apiUrl));
      expect(outside.status).toBe(404);
      expect(await outside.json()).toEqual({ message: 'Not Found' });
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
    expect(await answersHttp(`http://127.0.0.1:${dynamoDbPort}`, 2_000)).toBe(false);
  });
});
