import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { currentRequest } from './request-context.js';

/**
 * Powertools' Logger, whose lines inside a traced request carry that request's trace id. Powertools
 * adds `xray_trace_id` from Lambda's trace (the invocation's own, from its `InvokeStore`, then
 * `_X_AMZN_TRACE_ID`); the Node server has no Lambda trace, and its requests' traces live in their
 * own context, which this one method reads. Where Powertools found a trace id, it is kept.
 */
export class RequestLogger extends Logger {
  protected override createAndPopulateLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput): LogItem {
    const item = super.createAndPopulateLogItem(logLevel, input, extraInput);
    const traceId = currentRequest()?.trace?.traceId;
    if (traceId !== undefined && item.getAttributes().xray_trace_id === undefined) item.addAttributes({ xray_trace_id: traceId });
    return item;
  }
}
