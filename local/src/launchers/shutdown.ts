/**
 * What the launchers (`npm start`, `npm run start:lambda`) started, stopped in reverse order on
 * Ctrl-C, `SIGTERM` or `SIGHUP`, or when start-up fails, so that nothing is left running.
 */
export class Shutdown {
  readonly #steps: (() => Promise<unknown>)[] = [];
  #stopping = false;

  constructor() {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void this.exit(0));
  }

  onStop(step: () => Promise<unknown>): void {
    this.#steps.unshift(step);
  }

  async exit(code: number): Promise<never> {
    if (!this.#stopping) {
      this.#stopping = true;
      for (const step of this.#steps) await step().catch(() => undefined);
    }
    process.exit(code);
  }

  /** Says why start-up failed, stops what had started, exits 1. */
  fail(error: unknown): Promise<never> {
    console.error(error instanceof Error ? error.message : error);
    return this.exit(1);
  }
}
