import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readLines } from './child-output.js';
import { lambdaEnvironment } from './lambda-environment.js';
import { endLine, initStartLine, initTimeoutLine, reportLine, startLine, timeoutLine } from './lambda-log.js';
import type { LambdaNode } from './lambda-node.js';
import { BOOTSTRAP } from './runtime-files.js';
import type { FunctionDefinition } from './sam-template.js';
import type { Sandbox } from './sandbox.js';
import { formatTraceHeader, invocationTraceHeader } from './xray-trace-header.js';

/** Written by the runtime (given it as its argument) after each invocation's output. */
const OUTPUT_MARKER = '\u001elambda-runner:invocation-output-end:';
/** Lambda gives the init phase (loading the handler) 10 s. */
const INIT_TIMEOUT_MS = 10_000;
/** Lambda's limit on a synchronous invocation's response. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** Lambda's error shape, as the runtime reports it. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

export type InvokeOutcome =
  /** The handler returned (the payload is its JSON). */
  | { kind: 'result'; payload: unknown }
  /** The handler threw or rejected, or answered more than Lambda carries; the environment stays warm. */
  | { kind: 'error'; error: LambdaError }
  /** Loading the handler failed or took too long, the process died, or the function's timeout passed. */
  | { kind: 'failure'; status: 'error' | 'timeout'; error?: LambdaError };

export interface EnvironmentOptions {
  definition: FunctionDefinition;
  /** The Node.js that runs the function: the major version of its runtime (see `lambdaNode`). */
  node: LambdaNode;
  sandbox: Sandbox;
  region: string;
  /** Added to the function's environment: credentials, a local endpoint. */
  environment: Record<string, string>;
  log: (line: string) => void;
  /** How long loading the handler may take; Lambda's 10 s unless a test says otherwise. */
  initTimeoutMs?: number;
  /** `host:port` of the X-Ray daemon (UDP) the function is told of; 127.0.0.1:2000 by default. */
  xrayDaemonAddress?: string;
}

type ChildMessage =
  | { type: 'ready'; maxMemoryUsedMb: number; initDurationMs: number }
  | { type: 'init-error' | 'crash'; maxMemoryUsedMb: number; error: LambdaError }
  | { type: 'result'; maxMemoryUsedMb: number; payload: string }
  | { type: 'error'; maxMemoryUsedMb: number; error: LambdaError };
type Answer = ChildMessage | { type: 'exit' } | { type: 'timeout' };

/**
 * One Lambda execution environment: a Node.js process that loads the handler on its first
 * invocation (the cold start), then serves one invocation at a time until it fails, times out or is
 * stopped. The pool keeps several for concurrent requests, as Lambda does.
 */
export class ExecutionEnvironment {
  readonly #options: EnvironmentOptions;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #listener: ((answer: Answer) => void) | undefined;
  readonly #markers = new Map<string, () => void>();
  #dead = false;

  constructor(options: EnvironmentOptions) {
    this.#options = options;
  }

  /** False once the process has gone: the pool starts a new environment instead. */
  get usable(): boolean {
    return !this.#dead;
  }

  /** `upstreamTraceHeader`: the request's `X-Amzn-Trace-Id`, whose trace and sampling decision Lambda continues. */
  async invoke(event: unknown, requestId: string, upstreamTraceHeader?: string): Promise<InvokeOutcome> {
    const { definition, log } = this.#options;
    const started = performance.now();
    const trace = invocationTraceHeader(definition.tracing, upstreamTraceHeader);
    let initDurationMs: number | undefined;
    let memory = 0;
    const finish = async (outcome: InvokeOutcome, errorType?: string): Promise<InvokeOutcome> => {
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
          // The function's own segment in the trace, which Lambda records for a sampled invocation.
          ...(trace.sampled && { xray: { traceId: trace.root, segmentId: randomBytes(8).toString('hex') } }),
        }),
      );
      return outcome;
    };

    if (!this.#child) log(initStartLine(definition.runtime, this.#options.node.version));
    log(startLine(requestId));
    if (!this.#child) {
      const initStarted = performance.now();
      const ready = await this.#answer(this.#options.initTimeoutMs ?? INIT_TIMEOUT_MS, () => this.#start());
      if ('maxMemoryUsedMb' in ready) memory = ready.maxMemoryUsedMb;
      initDurationMs = ready.type === 'ready' ? ready.initDurationMs : performance.now() - initStarted;
      if (ready.type !== 'ready') {
        if (ready.type === 'timeout') log(initTimeoutLine(initDurationMs));
        await this.stop();
        const error = 'error' in ready ? ready.error : undefined;
        const status = ready.type === 'timeout' ? 'timeout' : 'error';
        return finish(
          { kind: 'failure', status, ...(error && { error }) },
          error?.errorType ?? (status === 'error' ? 'Runtime.ExitError' : undefined),
        );
      }
    }

    const output = this.#outputOf(requestId);
    const answer = await this.#answer(definition.timeoutSeconds * 1000, (settle) => {
      const message = {
        type: 'invoke',
        requestId,
        event,
        traceId: formatTraceHeader(trace),
        deadlineMs: Date.now() + definition.timeoutSeconds * 1000,
        invokedFunctionArn: `arn:aws:lambda:${this.#options.region}:123456789012:function:${definition.logicalId}`,
      };
      // The process may have gone since it last answered (a timer that threw while it was idle).
      if (!this.#child?.connected) return settle({ type: 'exit' });
      this.#child.send(message, (error) => error && settle({ type: 'exit' }));
    });
    if ('maxMemoryUsedMb' in answer) memory = Math.max(memory, answer.maxMemoryUsedMb);
    if (answer.type === 'result' || answer.type === 'error') await output;
    this.#markers.delete(requestId);

    switch (answer.type) {
      case 'result':
        if (Buffer.byteLength(answer.payload) > MAX_RESPONSE_BYTES) {
          const error = {
            errorType: 'Function.ResponseSizeTooLarge',
            errorMessage: 'Response payload size exceeded maximum allowed payload size (6291456 bytes).',
          };
          log(`${new Date().toISOString()}\t${requestId}\tERROR\t${JSON.stringify(error)}`);
          return finish({ kind: 'error', error }, error.errorType);
        }
        return finish({ kind: 'result', payload: JSON.parse(answer.payload) });
      case 'error':
        return finish({ kind: 'error', error: answer.error }, answer.error.errorType);
      case 'timeout':
        log(timeoutLine(requestId, definition.timeoutSeconds));
        await this.stop();
        return finish({ kind: 'failure', status: 'timeout' });
      default: {
        await this.stop();
        const error = 'error' in answer ? answer.error : undefined;
        return finish({ kind: 'failure', status: 'error', ...(error && { error }) }, error?.errorType ?? 'Runtime.ExitError');
      }
    }
  }

  /** Ends the process (Lambda's shutdown of an environment) and resolves once it has exited. */
  stop(): Promise<void> {
    this.#dead = true;
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return this.#exited;
  }

  /** The next message from the process, its exit, or `timeout` after `timeoutMs`; `act` runs once listening. */
  #answer(timeoutMs: number, act: (settle: (answer: Answer) => void) => void): Promise<Answer> {
    return new Promise((resolve) => {
      let settled = false;
      const timer = setTimeout(() => settle({ type: 'timeout' }), timeoutMs);
      const settle = (answer: Answer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#listener = undefined;
        resolve(answer);
      };
      this.#listener = settle;
      if (this.#dead) return settle({ type: 'exit' });
      act(settle);
    });
  }

  /** Resolves when both output streams have passed the runtime's marker for `requestId` (or soon after, at worst). */
  #outputOf(requestId: string): Promise<void> {
    let seen = 0;
    return new Promise((resolve) => {
      const fallback = setTimeout(resolve, 1_000);
      this.#markers.set(requestId, () => {
        seen += 1;
        if (seen === 2) {
          clearTimeout(fallback);
          resolve();
        }
      });
    });
  }

  #start(): void {
    const { definition, sandbox, region, environment, log } = this.#options;
    const child = fork(BOOTSTRAP, [OUTPUT_MARKER], {
      cwd: sandbox.taskRoot,
      execPath: this.#options.node.path,
      // Only the runtime's own start-up flags (none: layers resolve natively), never the runner's (tsx, test loaders).
      execArgv: sandbox.execArgv,
      env: lambdaEnvironment(definition, sandbox, region, environment, this.#options.xrayDaemonAddress),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      const gone = (): void => {
        this.#dead = true;
        this.#listener?.({ type: 'exit' });
        resolve();
      };
      child.once('exit', gone);
      // A fork that fails to start emits 'error' and may never emit 'exit'.
      child.on('error', gone);
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readLines(stream, OUTPUT_MARKER, log, (requestId) => this.#markers.get(requestId)?.());
    }
    child.on('message', (message: ChildMessage) => this.#listener?.(message));
  }
}
