import { booleanSetting } from './env-values.js';

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
  const executionEnv = env.AWS_EXECUTION_ENV?.trim() ?? '';
  return {
    serviceName: serviceNameOf(env),
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE?.trim() || DEFAULT_METRICS_NAMESPACE,
    tracing:
      booleanSetting(env, 'POWERTOOLS_TRACE_ENABLED', true) &&
      executionEnv !== '' &&
      executionEnv !== 'AWS_Lambda_amplify-mock' &&
      !env.AWS_SAM_LOCAL,
    handler: env._HANDLER?.trim() || 'handler',
  };
}

/** `POWERTOOLS_SERVICE_NAME`, or `items-api`. */
export function serviceNameOf(env: NodeJS.ProcessEnv): string {
  return env.POWERTOOLS_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME;
}
