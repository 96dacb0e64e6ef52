import { booleanSetting, portSetting, stringSetting } from './env-values.js';

export interface ServerConfig {
  port: number;
  hostname: string;
  /** Write CloudWatch EMF metrics to stdout, as on Lambda (for a CloudWatch agent to pick up). */
  metrics: boolean;
}

/**
 * `PORT` (default 3000, 0 for any free port), `HOST` (default 127.0.0.1: loopback only), and
 * `POWERTOOLS_METRICS_DISABLED=false` to write metrics: off by default here, unlike on Lambda, as
 * nothing reads EMF off a terminal.
 */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: portSetting(env, 'PORT', 3000, { allowAny: true }),
    hostname: stringSetting(env, 'HOST') ?? '127.0.0.1',
    metrics: !booleanSetting(env, 'POWERTOOLS_METRICS_DISABLED', true),
  };
}
