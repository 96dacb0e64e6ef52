import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { serve } from '@hono/node-server';
import { createApp } from '../app.js';
import { readObservabilityConfig } from '../config/observability-config.js';
import { readServerConfig, type ServerConfig, serverTracing } from '../config/server-config.js';
import { RequestMetrics } from '../observability/request-metrics.js';
import { dynamoDbSubsegments, startTracer } from '../observability/tracing.js';
import { lazyStores, type Stores } from '../resources/index.js';

export interface RunningServer {
  /** The root URL, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions extends ServerConfig {
  /**
   * Send an X-Ray segment per request to the daemon at `AWS_XRAY_DAEMON_ADDRESS` (127.0.0.1:2000 by
   * default), in the trace its `X-Amzn-Trace-Id` names or in a new one (see `requestTrace`).
   */
  tracing?: boolean;
}

/**
 * Serves the app as a plain Node HTTP server: the same app as on Lambda, on any host. It answers
 * requests concurrently: each request's trace and metrics are kept in its own context
 * (`observability/request-context.ts`), never on the process.
 */
export async function startServer(config: ServerOptions = readServerConfig(), stores?: Stores): Promise<RunningServer> {
  const observability = readObservabilityConfig();
  const metrics = config.metrics ? new RequestMetrics(observability) : undefined;
  const tracer = await startTracer({ tracing: config.tracing ?? serverTracing(), serviceName: observability.serviceName });
  const app = createApp({
    stores:
      stores ??
      lazyStores({
        // Without credentials in the environment, the AWS CLI's own chain: a profile, SSO, the instance's role.
        credentials: defaultProvider(),
        ...(metrics && { onConsumedCapacity: metrics.recordCapacity }),
        ...(tracer && { observeCall: dynamoDbSubsegments(tracer) }),
      }),
    ...((metrics || tracer) && {
      onRequest: (record) => {
        metrics?.publish(record);
        tracer?.annotate('route', record.route);
        tracer?.annotate('status', record.status);
      },
    }),
  });
  // Each request inside its own segment, opened before the app sees it.
  const fetch: typeof app.fetch = tracer
    ? (request, ...rest) => tracer.traceRequest(request, async () => app.fetch(request, ...rest))
    : app.fetch;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.hostname }, (info: AddressInfo) => {
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
