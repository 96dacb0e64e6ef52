/** Whether anything answers HTTP at `url` within `timeoutMs`: any status will do (DynamoDB Local answers an unsigned GET with a 400). */
export async function answersHttp(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
