import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/src/dynamodb-local.js';
import { ensureItemsTable } from '../local/src/items-table.js';
import { buildIntoTemp, startProjectRunner } from '../test-support/lambda-runner.js';

/**
 * The same end-to-end suite, against the API as deployed: `npm run build`'s zips served by the local
 * API Gateway + Lambda runner from `infra/template.yaml` (base URL `http://127.0.0.1:<port>/prod/`),
 * so every test also proves that the packaged function and layer load and work.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.API_URL?.trim();
  if (given) {
    project.provide('apiUrl', given.endsWith('/') ? given : `${given}/`);
    return async () => undefined;
  }
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };
  try {
    const build = await buildIntoTemp();
    cleanups.push(() => build.remove());
    const dynamoDb = await startDynamoDbLocal();
    cleanups.push(() => dynamoDb.stop());
    const tableName = `e2e-lambda-${randomUUID().slice(0, 8)}`;
    // Global setup runs outside the projects' `env`: DynamoDB Local takes any region and credentials.
    const client = new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureItemsTable(client, tableName);
    client.destroy();
    const runner = await startProjectRunner(build.dir, dynamoDb.endpoint, tableName, 'e2e-lambda-runner');
    cleanups.push(() => runner.stop());
    project.provide('apiUrl', runner.stageUrls[0]!);
    return cleanup;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
