import { describe, expect, it } from 'vitest';
import { inProcessInvoker } from './in-process-invoker.js';

const event = { Records: [] };
const options = { functionName: 'HistoryFunction', region: 'eu-west-1', timeoutSeconds: 10 };

describe('inProcessInvoker', () => {
  it("reads the handler's answer through JSON, as Lambda does, and gives it Lambda's context", async () => {
    let context: { awsRequestId: string; invokedFunctionArn: string; getRemainingTimeInMillis(): number } | undefined;
    const invoke = inProcessInvoker(async (_, given) => {
      context = given;
      return { batchItemFailures: [{ itemIdentifier: '1' }], at: new Date(0), dropped: undefined };
    }, options);
    expect(await invoke(event, 'request-1')).toEqual({
      kind: 'result',
      payload: { batchItemFailures: [{ itemIdentifier: '1' }], at: '1970-01-01T00:00:00.000Z' },
    });
    expect(context?.awsRequestId).toBe('request-1');
    expect(context?.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:123456789012:function:HistoryFunction');
    expect(context?.getRemainingTimeInMillis()).toBeGreaterThan(9_000);
    expect(await inProcessInvoker(() => undefined, options)(event, 'request-2')).toEqual({ kind: 'result', payload: null });
  });

  it('takes a throw or a rejection for a function error', async () => {
    const invoke = inProcessInvoker(async () => {
      throw new TypeError('bad record');
    }, options);
    expect(await invoke(event, 'request-3')).toEqual({ kind: 'error', error: { errorType: 'TypeError', errorMessage: 'bad record' } });
  });
});
