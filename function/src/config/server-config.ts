import { booleanSetting, portSetting, stringSetting } from '@items-api/dynamodb-records';

export interface ServerConfig {
  port: number;
  hostname: string;
  /** Write CloudWatch EMF metrics to stdout, as on Lambda (for a CloudWatch agent to pick up). */
  metrics: boolean;
  /**
   * Send each request's trace to an X-Ray daemon. Always set by `readServerConfig`; optional so that a
   * caller describing a server of its own (a launcher, a test) may leave it out.
   */
  tracing?: boolean;
}

/**
 * `PORT` (default 3000, 0 for any free port), `HOST` (default 127.0.0.1: loopback only),
 * `POWERTOOLS_METRICS_DISABLED=false` to write metrics and `POWERTOOLS_TRACE_ENABLED=true` to send
 * traces: both off by default here, unlike on Lambda, as nothing reads EMF off a terminal and no X-Ray
 * daemon listens beside a server unless one was started on purpose.
 */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: portSetting(env, 'PORT', 3000, { allowAny: true }),
    hostname: stringSetting(env, 'HOST') ?? '127.0.0.1',
    metrics: !booleanSetting(env, 'POWERTOOLS_METRICS_DISABLED', true),
    tracing: serverTracing(env),
  };
}

/** Whether the Node server sends traces: `POWERTOOLS_TRACE_ENABLED=true`; off by default. */
export function serverTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  return booleanSetting(env, 'POWERTOOLS_TRACE_ENABLED', false);
}
