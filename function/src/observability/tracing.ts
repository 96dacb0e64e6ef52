import { type CallObserver, stringSetting } from '@items-api/dynamodb-records';
import type { ObservabilityConfig } from '../config/observability-config.js';
import { daemonSender } from './xray/daemon-sender.js';
import { XrayTracer } from './xray/xray-tracer.js';

export type { XrayTracer } from './xray/xray-tracer.js';

/**
 * The X-Ray tracer, or nothing when tracing is off; what it needs of Node to send (UDP) is loaded
 * only when it is on.
 */
export async function startTracer(
  { tracing, serviceName }: Pick<ObservabilityConfig, 'tracing' | 'serviceName'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<XrayTracer | undefined> {
  if (!tracing) return undefined;
  const { createSocket } = await import('node:dgram');
  return new XrayTracer(serviceName, daemonSender(createSocket, stringSetting(env, 'AWS_XRAY_DAEMON_ADDRESS')));
}

/**
 * Each DynamoDB call as an `aws` subsegment of the current one, shaped as the X-Ray SDK's capture of
 * AWS clients shapes it (operation, table, region, request id, retries, status, and throttle, error
 * or fault flags), which the X-Ray console reads. The store's client tells of each call; it knows
 * nothing of X-Ray.
 */
export function dynamoDbSubsegments(tracer: XrayTracer): CallObserver {
  return ({ operation, tableName, region }) => {
    const subsegment = tracer.active()?.child('DynamoDB');
    if (!subsegment) return () => undefined;
    return ({ requestId, statusCode, retries, error }) => {
      subsegment.set({
        namespace: 'aws',
        aws: { operation, region, request_id: requestId, retries, ...(tableName && { table_name: tableName }) },
        ...(statusCode !== undefined && { http: { response: { status: statusCode } } }),
      });
      if (error?.retryReason === 'throttling') subsegment.flag('throttle');
      if (!error) return subsegment.close();
      // No answer at all (a timeout, a refused connection) is DynamoDB's side too: a fault.
      subsegment.flag(statusCode === undefined || statusCode >= 500 ? 'fault' : 'error');
      subsegment.close({ name: error.code, message: error.message, ...(error.stack && { stack: error.stack }), remote: true });
    };
  };
}
