import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { serve } from '@hono/node-server';
import { createApp } from '../app.js';
import { readObservabilityConfig } from '../config/observability-config.js';
import { readServerConfig, type ServerConfig } from '../config/server-config.js';
import { RequestMetrics } from '../observability/request-metrics.js';
import { lazyStores, type Stores } from '../resources/index.js';

export interface RunningServer {
  /** The root URL, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

/** Serves the app as a plain Node HTTP server: the same app as on Lambda, on any host. */
export function startServer(config: ServerConfig = readServerConfig(), stores?: Stores): Promise<RunningServer> {
  // Each request's metrics are written at once when it is answered, so concurrent requests never mix.
  const metrics = config.metrics ? new RequestMetrics(readObservabilityConfig()) : undefined;
  const app = createApp({
    stores:
      stores ??
      lazyStores({
        // Without credentials in the environment, the AWS CLI's own chain: a profile, SSO, the instance's role.
        credentials: defaultProvider(),
        ...(metrics && { onConsumedCapacity: metrics.recordCapacity }),
      }),
    ...(metrics && { onRequest: (record) => metrics.publish(record) }),
  });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}/`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

// `node server.js`: serve against whatever DynamoDB the environment names (real AWS by default).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startServer();
  console.log(`Items API listening on ${running.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}
