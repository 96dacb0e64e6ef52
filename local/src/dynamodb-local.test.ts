import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { JavaMissingError, startDynamoDbLocal } from './dynamodb-local.js';

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('startDynamoDbLocal', () => {
  it('says how to get Java when there is none', async () => {
    process.env.PATH = '/nonexistent';
    const started = startDynamoDbLocal();
    await expect(started).rejects.toBeInstanceOf(JavaMissingError);
    await expect(started).rejects.toThrow(/Java 17.*\n.*apt-get install -y openjdk-17-jre-headless/);
  });

  it.runIf(existsSync('/proc/self/cmdline'))('runs without telemetry, is reached on loopback, and stops', async () => {
    const dynamoDb = await startDynamoDbLocal();
    try {
      const commandLine = readFileSync(`/proc/${dynamoDb.pid}/cmdline`, 'utf8').split('\0');
      expect(commandLine).toContain('-disableTelemetry');
      expect(commandLine).toContain('-inMemory');
      expect(dynamoDb.endpoint).toBe(`http://127.0.0.1:${dynamoDb.port}`);
      expect((await fetch(dynamoDb.endpoint)).status).toBe(400);
    } finally {
      await dynamoDb.stop();
    }
    expect(existsSync(`/proc/${dynamoDb.pid}`)).toBe(false);
  });
});
