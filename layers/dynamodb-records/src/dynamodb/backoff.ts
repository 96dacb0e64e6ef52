/**
 * Waits before the retry after `retries` retries: exponential backoff with full jitter, as the AWS
 * SDK's standard retry mode waits (a random time up to `baseMs × 2^retries`, at most `capMs`).
 */
export function backoff(retries: number, { baseMs, capMs }: { baseMs: number; capMs: number }): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(capMs, baseMs * 2 ** retries)));
}
