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
  const port = env.PORT?.trim() ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), not ${JSON.stringify(env.PORT)}.`);
  }
  return {
    port,
    hostname: env.HOST?.trim() || '127.0.0.1',
    metrics: env.POWERTOOLS_METRICS_DISABLED?.trim().toLowerCase() === 'false',
  };
}
