import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { freePort, startDynamoDbLocal } from '../local/src/dynamodb-local.js';
import { startLocalServer } from '../test-support/local-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
  }
}

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
  try {
    const server = await startLocalServer(await freePort(), {
      ...process.env,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoDb.endpoint,
      TABLE_NAME: `e2e-${randomUUID().slice(0, 8)}`,
    });
    project.provide('apiUrl', server.apiUrl);
    return async () => {
      await server.stop();
      await dynamoDb.stop();
    };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}
