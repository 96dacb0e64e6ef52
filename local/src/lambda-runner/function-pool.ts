import { ExecutionEnvironment, type EnvironmentOptions, type InvokeOutcome } from './execution-environment.js';

/**
 * A function's execution environments. A request takes an idle warm one, or a new one (a cold start)
 * while fewer than `maxEnvironments` exist; past that it waits for one to come free, where Lambda
 * would throttle at the account's concurrency limit.
 */
export class FunctionPool {
  readonly #options: EnvironmentOptions;
  readonly #maxEnvironments: number;
  readonly #environments: ExecutionEnvironment[] = [];
  readonly #waiting: (() => void)[] = [];

  constructor(options: EnvironmentOptions, maxEnvironments: number) {
    this.#options = options;
    this.#maxEnvironments = maxEnvironments;
  }

  async invoke(event: unknown, requestId: string): Promise<InvokeOutcome> {
    const environment = await this.#acquire();
    try {
      return await environment.invoke(event, requestId);
    } finally {
      environment.busy = false;
      this.#waiting.shift()?.();
    }
  }

  stop(): void {
    for (const environment of this.#environments.splice(0)) environment.stop();
  }

  async #acquire(): Promise<ExecutionEnvironment> {
    for (;;) {
      this.#environments.splice(0, this.#environments.length, ...this.#environments.filter((e) => e.usable));
      const idle = this.#environments.find((e) => !e.busy);
      const environment =
        idle ??
        (this.#environments.length < this.#maxEnvironments ? new ExecutionEnvironment(this.#options) : undefined);
      if (environment) {
        if (!idle) this.#environments.push(environment);
        environment.busy = true;
        return environment;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }
}
