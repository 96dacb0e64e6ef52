import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, JavaMissingError, javaMajorVersion, startDynamoDbLocal } from './dynamodb-local.js';

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

  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
  ])('reads the Java major version from %s', (output, major) => {
    expect(javaMajorVersion(output)).toBe(major);
  });

  it('refuses a port something else holds, rather than talk to it', async () => {
    const port = await freePort();
    const squatter = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startDynamoDbLocal({ port })).rejects.toThrow(`Port ${port} is in use`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  // A JVM's start: seconds alone, longer on a busy machine (it timed out at 20 s once).
  it.runIf(existsSync('/proc/self/cmdline'))('runs without telemetry, is reached on loopback, and stops', { timeout: 60_000 }, async () => {
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
