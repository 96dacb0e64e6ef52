/** An object whose methods all return promises: a store, a client. */
type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * `T`, made by `make` on the first call of any of its methods, then reused by every later call (and
 * every warm Lambda invocation): a store can be handed out at import time, its configuration read and
 * its client made only when first used. A failure to make it is a rejection of that call, and the
 * next call tries again.
 */
export function lazily<T extends AsyncMethods<T>>(make: () => T): T {
  let made: T | undefined;
  const call =
    (name: string) =>
    async (...args: unknown[]) => {
      made ??= make();
      const method: unknown = made[name as keyof T];
      if (typeof method !== 'function') throw new TypeError(`${name} is not a method`);
      return (method as (...args: unknown[]) => Promise<unknown>).apply(made, args);
    };
  // No `then`: the proxy is not a promise itself, so an async function can return it as it is.
  return new Proxy({} as T, { get: (_, name) => (typeof name === 'string' && name !== 'then' ? call(name) : undefined) });
}
