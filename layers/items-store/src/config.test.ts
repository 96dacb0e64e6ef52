import { describe, expect, it } from 'vitest';
import { readStoreConfig } from './config.js';
import { ConfigurationError } from './errors.js';

describe('readStoreConfig', () => {
  it('reads the table, region and endpoint from the standard variables', () => {
    expect(
      readStoreConfig({ TABLE_NAME: 'items', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }),
    ).toEqual({ tableName: 'items', region: 'eu-west-1', endpoint: 'http://127.0.0.1:8000' });
  });

  it('falls back to AWS_DEFAULT_REGION and the general AWS_ENDPOINT_URL', () => {
    expect(
      readStoreConfig({ TABLE_NAME: 't', AWS_DEFAULT_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'http://localhost:4566' }),
    ).toEqual({ tableName: 't', region: 'us-west-2', endpoint: 'http://localhost:4566' });
  });

  it('leaves region and endpoint to the SDK when unset', () => {
    expect(readStoreConfig({ TABLE_NAME: 't' })).toEqual({ tableName: 't', region: undefined, endpoint: undefined });
  });

  it.each([undefined, '', '   '])('refuses a missing TABLE_NAME (%j) with a clear error', (tableName) => {
    expect(() => readStoreConfig({ TABLE_NAME: tableName })).toThrow(ConfigurationError);
    expect(() => readStoreConfig({ TABLE_NAME: tableName })).toThrow(/TABLE_NAME is not set/);
  });
});
