import { type EnvironmentOptions, ExecutionEnvironment, type InvokeOutcome } from './execution-environment.js';

/**
 * A function's execution environments. A request takes an idle warm one, or a new one (a cold start)
 * while fewer than `maxEnvironments` exist; past that it waits for one to come free, where Lambda
 * would throttle at the account's concurrency limit.
 */
export class FunctionPool {
  readonly #options: EnvironmentOptions;
  readonly #maxEnvironments: number;
  readonly #environments = new Set<ExecutionEnvironment>();
  readonly #busy = new Set<ExecutionEnvironment>();
  readonly #waiting = new Set<() => void>();
  #stopped = false;

  constructor(options: EnvironmentOptions, maxEnvironments: number) {
    this.#options = options;
    this.#maxEnvironments = maxEnvironments;
  }

  /**
   * Runs one invocation. A request that `signal` abandons while it waits for an environment (API
   * Gateway has already answered 504) is never run; one already running runs to its end, as on AWS.
   * `traceHeader` is the request's `X-Amzn-Trace-Id`, if it had one.
   */
  async invoke(
    event: unknown,
    requestId: string,
    { signal, traceHeader }: { signal?: AbortSignal; traceHeader?: string } = {},
  ): Promise<InvokeOutcome> {
    const environment = await this.#acquire(signal);
    try {
      return await environment.invoke(event, requestId, traceHeader);
    } finally {
      this.#busy.delete(environment);
      this.#wakeOne();
    }
  }

  /** Stops every environment and refuses what is waiting; resolves once every process has exited. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#waiting) wake();
    await Promise.all([...this.#environments].map((environment) => environment.stop()));
    this.#environments.clear();
  }

  async #acquire(signal?: AbortSignal): Promise<ExecutionEnvironment> {
    for (;;) {
      if (this.#stopped) throw new Error('The runner is stopping');
      signal?.throwIfAborted();
      for (const environment of this.#environments) if (!environment.usable) this.#environments.delete(environment);
      let environment = [...this.#environments].find((candidate) => !this.#busy.has(candidate));
      if (!environment && this.#environments.size < this.#maxEnvironments) {
        environment = new ExecutionEnvironment(this.#options);
        this.#environments.add(environment);
      }
      if (environment) {
        this.#busy.add(environment);
        return environment;
      }
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#waiting.delete(wake);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        this.#waiting.add(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
  }

  #wakeOne(): void {
    const [first] = this.#waiting;
    first?.();
  }
}
