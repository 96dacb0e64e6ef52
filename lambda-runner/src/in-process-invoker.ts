import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamInvoker } from './stream-delivery.js';

/** A stream consumer's handler, as its module exports it. */
export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => unknown;

export interface InProcessOptions {
  /** The function's name in its context and ARN. */
  functionName: string;
  region: string;
  /** Reported by `getRemainingTimeInMillis`; not enforced in process. */
  timeoutSeconds?: number;
  memorySizeMb?: number;
}

/**
 * Runs a consumer's handler in this process for a stream mapping (what `npm start` does, where the
 * runner's execution environments would run the zip): its answer read as Lambda reads it, through
 * JSON, and a throw or rejection taken for a function error.
 */
export function inProcessInvoker(handler: StreamHandler, options: InProcessOptions): StreamInvoker {
  const timeoutMs = (options.timeoutSeconds ?? 3) * 1000;
  return async (event, requestId) => {
    const deadline = Date.now() + timeoutMs;
    const context: Context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: options.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${options.region}:123456789012:function:${options.functionName}`,
      memoryLimitInMB: String(options.memorySizeMb ?? 128),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${options.functionName}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    try {
      // A copy, as the function would get its own from the wire.
      const answer = await handler(structuredClone(event), context);
      return { kind: 'result', payload: answer === undefined ? null : JSON.parse(JSON.stringify(answer)) };
    } catch (error) {
      const errorType = error instanceof Error ? error.name : 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      return { kind: 'error', error: { errorType, errorMessage } };
    }
  };
}
