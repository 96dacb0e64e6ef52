import { defineConfig } from 'vitest/config';
import { STAND_IN_CREDENTIALS, STAND_IN_REGION } from './dynamodb-local/src/stand-in-values.js';

// Workspace packages export their TypeScript sources under the `source` condition. Vite's default
// `module` condition is left out: it points packages like the AWS SDK at builds Node cannot load.
const conditions = ['source', 'node', 'development|production'];

// DynamoDB Local accepts any credentials and region; the stand-ins keep the SDK from looking further.
const localAws = {
  AWS_REGION: STAND_IN_REGION,
  AWS_ACCESS_KEY_ID: STAND_IN_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: STAND_IN_CREDENTIALS.secretAccessKey,
  // The SDK warns once per process that its 2027 releases need Node 22; tests run on 20 on purpose.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

// The app logs a line per request; tests that check those lines lower the level themselves.
const quietLogs = { LOG_LEVEL: 'WARN' };

// Global setup files run in this process, outside the projects' `env`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  // Global setup files are loaded by a module runner of their own, which takes its conditions from here.
  environments: { __vitest__: { resolve: { conditions } } },
  test: {
    // Two cores on CI: a few forks in parallel, each file with its own table.
    pool: 'forks',
    reporters: ['default', './test-support/summary-reporter.ts'],
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'layers/*/src/**/*.test.ts',
            'dynamodb-local/src/**/*.test.ts',
            'function/src/**/*.test.ts',
            'client/src/**/*.test.ts',
            'local/src/**/*.test.ts',
            'lambda-runner/src/**/*.test.ts',
            'build/src/**/*.test.ts',
            'bench/src/**/*.test.ts',
            'infra/**/*.test.ts',
          ],
          globalSetup: ['test-support/global-setup.ts'],
          env: { ...localAws, ...quietLogs },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          env: localAws,
        },
      },
      {
        extends: true,
        test: {
          // The same files against `npm run start:lambda`: the built zips behind the local runner.
          name: 'e2e-lambda',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          env: localAws,
        },
      },
      {
        extends: true,
        test: {
          // The same files against `npm run start:lambda -- --api-type http`: the runner as an HTTP API (v2 events).
          name: 'e2e-lambda-http',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/global-setup.ts'],
          env: localAws,
        },
      },
    ],
  },
});
