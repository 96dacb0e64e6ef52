import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../settings/configuration-error.js';
import { idempotencyTableFrom, readConnectionConfig, tableNameFrom } from './connection-config.js';

describe('readConnectionConfig', () => {
  it('reads the region, endpoint and credentials from the standard variables', () => {
    expect(
      readConnectionConfig({
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      }),
    ).toStrictEqual({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:8000',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' },
    });
  });

  it('falls back to AWS_DEFAULT_REGION and the general AWS_ENDPOINT_URL', () => {
    expect(readConnectionConfig({ AWS_DEFAULT_REGION: 'us-west-2', AWS_ENDPOINT_URL: 'http://localhost:4566' })).toMatchObject({
      region: 'us-west-2',
      endpoint: 'http://localhost:4566',
    });
  });

  it("leaves the endpoint to the region, and credentials to the client's provider, when unset", () => {
    expect(readConnectionConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'only-half' })).toMatchObject({
      endpoint: undefined,
      credentials: undefined,
    });
    expect(readConnectionConfig({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: ' ' })).toMatchObject({
      credentials: undefined,
    });
  });

  it('refuses a missing region with a clear error', () => {
    expect(() => readConnectionConfig({})).toThrow(/AWS_REGION is not set/);
    expect(() => readConnectionConfig({ AWS_REGION: ' ', AWS_DEFAULT_REGION: '' })).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', setting: 'AWS_REGION' }),
    );
  });
});

describe('the tables', () => {
  it('reads a table from the variable a store names, and the idempotency table', () => {
    expect(tableNameFrom({ TABLE_NAME: ' items ' }, 'TABLE_NAME', 'Item')).toBe('items');
    expect(tableNameFrom({ ORDERS_TABLE_NAME: 'orders' }, 'ORDERS_TABLE_NAME', 'Order')).toBe('orders');
    expect(idempotencyTableFrom({ IDEMPOTENCY_TABLE_NAME: 'keys' })).toBe('keys');
    expect(idempotencyTableFrom({ IDEMPOTENCY_TABLE_NAME: ' ' })).toBeUndefined();
  });

  it.each([undefined, '', '   '])('refuses a missing table variable (%j) with a clear error naming it', (tableName) => {
    expect(() => tableNameFrom({ TABLE_NAME: tableName }, 'TABLE_NAME', 'Item')).toThrow(ConfigurationError);
    expect(() => tableNameFrom({ TABLE_NAME: tableName }, 'TABLE_NAME', 'Item')).toThrow(
      expect.objectContaining({ setting: 'TABLE_NAME' }),
    );
    expect(() => tableNameFrom({ TABLE_NAME: tableName }, 'TABLE_NAME', 'Item')).toThrow(/TABLE_NAME is not set: .* the item records/);
  });
});
