export interface ServerConfig {
  port: number;
  hostname: string;
}

/** `PORT` (default 3000, 0 for any free port) and `HOST` (default 127.0.0.1: loopback only). */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT?.trim() ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), not ${JSON.stringify(env.PORT)}.`);
  }
  return { port, hostname: env.HOST?.trim() || '127.0.0.1' };
}
