import { describe, expect, it } from 'vitest';
import { readStoreConfig } from './config.js';
import { ConfigurationError } from './errors.js';

describe('readStoreConfig', () => {
  it('reads the table, region, endpoint and credentials from the standard variables', () => {
    expect(
      readStoreConfig({
        TABLE_NAME: 'items',
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      }),
    ).toStrictEqual({
      tableName: 'items',
      idempotencyTableName: undefined,
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
    });
  });

  it('falls back to AWS_DEFAULT_REGION and the general AWS_ENDPOINT_URL', () => {
    expect(
      readStoreConfig({ TABLE_NAME: 't', AWS_DEFAULT_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'http://localhost:4566' }),
    ).toMatchObject({ tableName: 't', region: 'us-west-2', endpoint: 'http://localhost:4566' });
  });

  it("leaves the endpoint to the region, and credentials to the client's provider, when unset", () => {
    expect(readStoreConfig({ TABLE_NAME: 't', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'only-half' })).toMatchObject({
      endpoint: undefined,
      credentials: undefined,
    });
  });

  it('refuses a missing region with a clear error', () => {
    expect(() => readStoreConfig({ TABLE_NAME: 't' })).toThrow(/AWS_REGION is not set/);
  });

  it.each([undefined, '', '   '])('refuses a missing TABLE_NAME (%j) with a clear error', (tableName) => {
    expect(() => readStoreConfig({ TABLE_NAME: tableName })).toThrow(ConfigurationError);
    expect(() => readStoreConfig({ TABLE_NAME: tableName })).toThrow(/TABLE_NAME is not set/);
  });
});
