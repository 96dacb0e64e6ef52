import { booleanSetting, stringSetting } from '@items-api/dynamodb-records';

/** The function's logs, metrics and traces settings: Powertools' own variables, read here once. */
export interface ObservabilityConfig {
  /** `POWERTOOLS_SERVICE_NAME`: the `service` of every log line, metric and trace. */
  serviceName: string;
  /** `POWERTOOLS_METRICS_NAMESPACE`: the CloudWatch namespace. */
  metricsNamespace: string;
  /**
   * Whether to load the tracer: on Lambda, unless `POWERTOOLS_TRACE_ENABLED=false` (the template's
   * `Tracing=PassThrough`), under `sam local` or Amplify's mock — where Powertools would turn it off.
   */
  tracing: boolean;
  /** `_HANDLER` (`index.handler`), which names each invocation's subsegment, as Powertools does. */
  handler: string;
}

const DEFAULT_SERVICE_NAME = 'items-api';
const DEFAULT_METRICS_NAMESPACE = 'ItemsApi';

export function readObservabilityConfig(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const executionEnv = stringSetting(env, 'AWS_EXECUTION_ENV');
  return {
    serviceName: serviceNameOf(env),
    metricsNamespace: stringSetting(env, 'POWERTOOLS_METRICS_NAMESPACE') ?? DEFAULT_METRICS_NAMESPACE,
    tracing:
      booleanSetting(env, 'POWERTOOLS_TRACE_ENABLED', true) &&
      executionEnv !== undefined &&
      executionEnv !== 'AWS_Lambda_amplify-mock' &&
      !underSamLocal(env),
    handler: stringSetting(env, '_HANDLER') ?? 'handler',
  };
}

/** `POWERTOOLS_SERVICE_NAME`, or `items-api`. */
export function serviceNameOf(env: NodeJS.ProcessEnv): string {
  return stringSetting(env, 'POWERTOOLS_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME;
}

/**
 * `AWS_SAM_LOCAL`, which `sam local` sets to `true`: read as Powertools' tracer reads it, any value
 * at all meaning yes, so a value this project would refuse as a boolean still turns tracing off.
 */
function underSamLocal(env: NodeJS.ProcessEnv): boolean {
  return stringSetting(env, 'AWS_SAM_LOCAL') !== undefined;
}
