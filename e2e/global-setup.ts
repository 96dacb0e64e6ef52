import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, startDynamoDbLocal } from '@items-api/dynamodb-local/dynamodb-local';
import { choiceSetting, stringSetting } from '@items-api/dynamodb-records';
import { type Launcher, startLocalServer } from '@items-api/test-support/local-server';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    /** When the suite runs a launcher of its own (no `API_URL`): which one, and its DynamoDB Local. */
    local: { launcher: Exclude<Launcher, 'dev'>; dynamoDbEndpoint: string } | undefined;
    /**
     * The API Gateway in front of the function, for the few tests whose answer depends on it: `rest`
     * or `http` (the template's ApiType), or `none` for `npm start` (no API Gateway). For `API_URL`,
     * `API_TYPE` says which (`rest` by default, the template's default).
     */
    apiType: ApiType;
  }
}

type ApiType = 'rest' | 'http' | 'none';

const LOGS = new URL('../test-artifacts/', import.meta.url).pathname;

/**
 * The end-to-end suite speaks plain HTTP to `API_URL` (a deployed stage, say). Without it, it starts
 * a launcher the way a user does, on DynamoDB Local with a table of its own: `npm start` for the
 * `e2e` project, `npm run start:lambda` (the built zips behind the local API Gateway + Lambda runner,
 * base URL `…/prod/`) for `e2e-lambda`, and `npm run start:lambda -- --api-type http` (the same
 * behind the runner's stand-in for an HTTP API, same base URL) for `e2e-lambda-http`; the launcher's
 * output is kept in `test-artifacts/<project>.log`.
 */
const PROJECT_LAUNCHERS: Record<string, { launcher: Exclude<Launcher, 'dev'>; apiType: ApiType }> = {
  e2e: { launcher: 'start', apiType: 'none' },
  'e2e-lambda': { launcher: 'start:lambda', apiType: 'rest' },
  'e2e-lambda-http': { launcher: 'start:lambda --api-type http', apiType: 'http' },
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = stringSetting(process.env, 'API_URL');
  if (given) {
    project.provide('apiUrl', given.endsWith('/') ? given : `${given}/`);
    project.provide('local', undefined);
    project.provide('apiType', choiceSetting(process.env, 'API_TYPE', ['rest', 'http'], 'rest'));
    return async () => undefined;
  }
  const local = PROJECT_LAUNCHERS[project.name];
  if (!local) throw new Error(`e2e/global-setup.ts has no launcher for the project ${project.name}`);
  const { launcher, apiType } = local;
  const dynamoDb = await startDynamoDbLocal();
  try {
    const server = await startLocalServer(
      await freePort(),
      {
        ...process.env,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
        TABLE_NAME: `${project.name}-${randomUUID().slice(0, 8)}`,
        // The history consumer's failure queue, where no test reads it (history-delivery.test.ts runs its own).
        LOCAL_QUEUES_DIR: join(LOGS, `${project.name}-queues`),
        // Each start:lambda builds its own zips: the projects' launchers start at the same time.
        LOCAL_BUILD_DIR: join(LOGS, `${project.name}-build`),
      },
      launcher,
    );
    project.provide('apiUrl', server.apiUrl);
    project.provide('local', { launcher, dynamoDbEndpoint: dynamoDb.endpoint });
    project.provide('apiType', apiType);
    return async () => {
      const code = await server.stop();
      await mkdir(LOGS, { recursive: true });
      await writeFile(join(LOGS, `${project.name}.log`), server.output());
      await dynamoDb.stop();
      if (code !== 0) throw new Error(`${launcher} exited with ${code} when stopped:\n${server.output()}`);
    };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}
