import { randomBytes } from 'node:crypto';
import type { FunctionDefinition } from './sam-template.js';
import type { Sandbox } from './sandbox.js';

/** Where the X-Ray daemon listens (UDP) unless told otherwise: the daemon's own default. */
const DEFAULT_XRAY_DAEMON_ADDRESS = '127.0.0.1:2000';

/**
 * The environment of an execution environment: Lambda's own variables for the function and its
 * sandbox, the template's variables, and `extra` (credentials, a local endpoint) — nothing else of
 * the process that starts it. The X-Ray daemon's address is there whatever the tracing mode, as on
 * Lambda: a PassThrough function still sends the segments of requests a caller sampled.
 */
export function lambdaEnvironment(
  definition: FunctionDefinition,
  sandbox: Sandbox,
  region: string,
  extra: Record<string, string>,
  xrayDaemonAddress = DEFAULT_XRAY_DAEMON_ADDRESS,
): NodeJS.ProcessEnv {
  const daemon = xrayDaemonEndpoint(xrayDaemonAddress);
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    // Not reserved on Lambda: a function's own configuration may change these two.
    AWS_XRAY_DAEMON_ADDRESS: `${daemon.host}:${daemon.port}`,
    // The X-Ray SDK logs, instead of throwing, when code records outside a traced invocation.
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    ...definition.environment,
    ...extra,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: definition.logicalId,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memorySizeMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.logicalId}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    LAMBDA_TASK_ROOT: sandbox.taskRoot,
    LAMBDA_RUNTIME_DIR: sandbox.runtimeDir,
    NODE_PATH: sandbox.nodePath.join(':'),
    _HANDLER: definition.handler,
    _AWS_XRAY_DAEMON_ADDRESS: daemon.host,
    _AWS_XRAY_DAEMON_PORT: String(daemon.port),
  };
}

/** `127.0.0.1:2000` → host and port; throws on anything else. */
export function xrayDaemonEndpoint(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon);
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`The X-Ray daemon address must be host:port, not ${JSON.stringify(address)}`);
  }
  return { host, port };
}
