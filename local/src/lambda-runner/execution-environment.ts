import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { endLine, reportLine, startLine, timeoutLine } from './lambda-log.js';
import type { Sandbox } from './sandbox.js';
import type { FunctionDefinition } from './sam-template.js';

const BOOTSTRAP = fileURLToPath(new URL('./runtime/bootstrap.mjs', import.meta.url));
const REGISTER_HOOKS = new URL('./runtime/register-hooks.mjs', import.meta.url).href;

/** Lambda's error shape, as the runtime reports it. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export type InvokeOutcome =
  /** The handler returned (the payload is its JSON). */
  | { kind: 'result'; payload: unknown }
  /** The handler threw or rejected; the environment stays warm. */
  | { kind: 'error'; error: LambdaError }
  /** Loading the handler failed, the process died, or the function's timeout passed. */
  | { kind: 'failure'; status: 'error' | 'timeout'; error?: LambdaError };

export interface EnvironmentOptions {
  definition: FunctionDefinition;
  sandbox: Sandbox;
  region: string;
  /** Added to the function's environment: credentials, a local endpoint. */
  environment: Record<string, string>;
  log: (line: string) => void;
}

interface ChildMessage {
  type: 'ready' | 'init-error' | 'result' | 'error' | 'crash';
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  payload?: string;
  error?: LambdaError;
}

/**
 * One Lambda execution environment: a Node.js process that loads the handler on its first
 * invocation (the cold start), then serves one invocation at a time until it fails, times out or is
 * stopped. The runner keeps several for concurrent requests, as Lambda does.
 */
export class ExecutionEnvironment {
  readonly #options: EnvironmentOptions;
  #child: ChildProcess | undefined;
  #listener: ((message: ChildMessage | { type: 'exit' }) => void) | undefined;
  #dead = false;
  busy = false;

  constructor(options: EnvironmentOptions) {
    this.#options = options;
  }

  /** False once the process has gone: the runner starts a new environment instead. */
  get usable(): boolean {
    return !this.#dead;
  }

  async invoke(event: unknown, requestId: string): Promise<InvokeOutcome> {
    const { definition, log } = this.#options;
    const started = performance.now();
    let initDurationMs: number | undefined;
    let memory = 0;
    const finish = async (outcome: InvokeOutcome, errorType?: string): Promise<InvokeOutcome> => {
      // Lines the handler printed just before answering are still in the pipe.
      await new Promise((resolve) => setImmediate(resolve));
      log(endLine(requestId));
      log(
        reportLine({
          requestId,
          durationMs: performance.now() - started - (initDurationMs ?? 0),
          memorySizeMb: definition.memorySizeMb,
          maxMemoryUsedMb: memory,
          ...(initDurationMs !== undefined && { initDurationMs }),
          ...(outcome.kind === 'failure' && { status: outcome.status }),
          ...(errorType && { errorType }),
        }),
      );
      return outcome;
    };

    log(startLine(requestId));
    if (!this.#child) {
      const initStarted = performance.now();
      const ready = await this.#start();
      if ('maxMemoryUsedMb' in ready) memory = ready.maxMemoryUsedMb;
      initDurationMs = ready.type === 'ready' ? (ready.initDurationMs ?? 0) : performance.now() - initStarted;
      if (ready.type !== 'ready') {
        this.stop();
        const error = 'error' in ready ? ready.error : undefined;
        return finish({ kind: 'failure', status: 'error', ...(error && { error }) }, error?.errorType ?? 'Runtime.ExitError');
      }
    }

    const deadlineMs = Date.now() + definition.timeoutSeconds * 1000;
    const answer = await new Promise<ChildMessage | { type: 'exit' } | { type: 'timeout' }>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'timeout' }), definition.timeoutSeconds * 1000);
      this.#listener = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      this.#child!.send({
        type: 'invoke',
        requestId,
        event,
        deadlineMs,
        invokedFunctionArn: `arn:aws:lambda:${this.#options.region}:123456789012:function:${definition.logicalId}`,
      });
    });
    this.#listener = undefined;
    if ('maxMemoryUsedMb' in answer) memory = Math.max(memory, answer.maxMemoryUsedMb);

    switch (answer.type) {
      case 'result':
        return finish({ kind: 'result', payload: JSON.parse(answer.payload ?? 'null') });
      case 'error':
        return finish({ kind: 'error', error: answer.error! }, answer.error?.errorType);
      case 'timeout':
        log(timeoutLine(requestId, definition.timeoutSeconds));
        this.stop();
        return finish({ kind: 'failure', status: 'timeout' });
      default: {
        this.stop();
        const error = 'error' in answer ? answer.error : undefined;
        return finish({ kind: 'failure', status: 'error', ...(error && { error }) }, error?.errorType ?? 'Runtime.ExitError');
      }
    }
  }

  /** Ends the process (Lambda's shutdown of an environment). */
  stop(): void {
    this.#dead = true;
    if (this.#child && this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  #start(): Promise<ChildMessage | { type: 'exit' }> {
    const { definition, sandbox, region, environment, log } = this.#options;
    const child = fork(BOOTSTRAP, [], {
      cwd: sandbox.taskRoot,
      // Only the runtime's own start-up flags, never the runner's (tsx, test loaders).
      execArgv: ['--import', REGISTER_HOOKS],
      env: {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        LANG: 'en_US.UTF-8',
        TZ: ':UTC',
        ...definition.environment,
        ...environment,
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
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.#child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', log);
    }
    child.on('message', (message: ChildMessage) => this.#listener?.(message));
    child.on('exit', () => {
      this.#dead = true;
      this.#listener?.({ type: 'exit' });
    });
    return new Promise((resolve) => {
      this.#listener = (message) => {
        this.#listener = undefined;
        resolve(message);
      };
    });
  }
}
