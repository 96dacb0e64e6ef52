import { resolve } from 'node:path';
import { RESOURCE_TABLES } from '@items-api/function/resources';
import { describe, expect, it } from 'vitest';
import { readLocalConfig } from './local-config.js';

// Each table from its own variable, or a default of its own: nothing falls back to another's name.
describe('readLocalConfig', () => {
  it('names each resource table after its resource, and the idempotency table idempotency-keys, when nothing is set', () => {
    const config = readLocalConfig({});
    expect(config.resourceTables).toEqual(
      RESOURCE_TABLES.map(({ name, tableVariable, tableResource, declaration, resource }) => ({
        variable: tableVariable,
        tableName: name,
        logicalId: tableResource,
        indexes: declaration.indexes,
        stream: resource.history === true,
      })),
    );
    expect(config.idempotencyTableName).toBe('idempotency-keys');
    expect(config.historyTableName).toBe('history');
    expect(config.queuesDir).toBe(resolve('.data/queues'));
    expect(config.externalEndpoint).toBeUndefined();
    // start:lambda builds where `npm run build` does, unless told otherwise.
    expect(config.lambdaBuildDir).toBe(resolve('.build'));
    expect(readLocalConfig({ LOCAL_BUILD_DIR: 'test-artifacts/e2e-lambda-build' }).lambdaBuildDir).toBe(
      resolve('test-artifacts/e2e-lambda-build'),
    );
  });

  it("takes each table from its own variable; a resource's variable names no other table", () => {
    for (const { name, tableVariable } of RESOURCE_TABLES) {
      const config = readLocalConfig({ [tableVariable]: ' mine ' });
      const tables = Object.fromEntries(config.resourceTables.map(({ variable, tableName }) => [variable, tableName]));
      expect(tables[tableVariable]).toBe('mine');
      expect(config.idempotencyTableName).toBe('idempotency-keys');
      for (const other of RESOURCE_TABLES.filter((table) => table.name !== name)) expect(tables[other.tableVariable]).toBe(other.name);
    }
    expect(readLocalConfig({ IDEMPOTENCY_TABLE_NAME: 'keys' }).idempotencyTableName).toBe('keys');
    expect(readLocalConfig({ HISTORY_TABLE_NAME: 'changes' }).historyTableName).toBe('changes');
  });

  it('streams the table of every resource that keeps history, items among them', () => {
    const streamed = readLocalConfig({}).resourceTables.filter(({ stream }) => stream);
    expect(streamed.map(({ variable }) => variable)).toContain('TABLE_NAME');
    expect(streamed.length).toBe(RESOURCE_TABLES.filter(({ resource }) => resource.history).length);
  });

  it('reads a blank value as unset', () => {
    const blank = Object.fromEntries(
      [...RESOURCE_TABLES.map(({ tableVariable }) => tableVariable), 'IDEMPOTENCY_TABLE_NAME'].map((name) => [name, ' ']),
    );
    const config = readLocalConfig({ ...blank, AWS_ENDPOINT_URL_DYNAMODB: '' });
    expect(config.resourceTables.map(({ tableName }) => tableName)).toEqual(RESOURCE_TABLES.map(({ name }) => name));
    expect(config.idempotencyTableName).toBe('idempotency-keys');
    expect(config.externalEndpoint).toBeUndefined();
  });

  it('stands start:lambda in for the REST API unless --api-type or LOCAL_API_TYPE says http, the flag winning', () => {
    expect(readLocalConfig({}).lambdaApiType).toBe('rest');
    expect(readLocalConfig({ LOCAL_API_TYPE: 'http' }).lambdaApiType).toBe('http');
    expect(readLocalConfig({ LOCAL_API_TYPE: ' ' }).lambdaApiType).toBe('rest');
    expect(readLocalConfig({}, ['--api-type', 'http']).lambdaApiType).toBe('http');
    expect(readLocalConfig({}, ['--api-type=Http']).lambdaApiType).toBe('http');
    expect(readLocalConfig({ LOCAL_API_TYPE: 'http' }, ['--api-type', 'rest']).lambdaApiType).toBe('rest');
  });

  it('refuses an API type other than rest or http, and a flag the launchers do not take, naming what to give', () => {
    expect(() => readLocalConfig({}, ['--api-type', 'websocket'])).toThrow(
      '--api-type must be rest (API Gateway REST API, the default) or http (an HTTP API), not "websocket".',
    );
    expect(() => readLocalConfig({ LOCAL_API_TYPE: 'grpc' })).toThrow('LOCAL_API_TYPE must be rest');
    expect(() => readLocalConfig({}, ['--api-type'])).toThrow('--api-type rest|http');
    expect(() => readLocalConfig({}, ['--api', 'http'])).toThrow("Unknown option '--api'");
  });
});
