import { randomBytes } from 'node:crypto';
import type { Sandbox } from './sandbox.js';
import type { FunctionDefinition } from './sam-template.js';

/**
 * The environment of an execution environment: Lambda's own variables for the function and its
 * sandbox, the template's variables, and `extra` (credentials, a local endpoint) — nothing else of
 * the process that starts it.
 */
export function lambdaEnvironment(
  definition: FunctionDefinition,
  sandbox: Sandbox,
  region: string,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
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
  };
}
