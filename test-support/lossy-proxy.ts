import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call that went through the proxy, and what became of its answer. */
export interface ProxiedCall {
  operation: string;
  status: number | undefined;
  /** Its answer was dropped after DynamoDB had carried the call out. */
  dropped: boolean;
  /** DynamoDB's error type, when it refused the call. */
  error?: string | undefined;
}

export interface LossyProxy {
  /** Where clients send their calls, as they would to DynamoDB. */
  endpoint: string;
  /** Every call so far, in order: what a failing test prints. */
  readonly calls: readonly ProxiedCall[];
  /** The next `times` calls of `operation` reach DynamoDB and are carried out, but their answers never reach the caller. */
  dropAnswers(operation: string, times?: number): void;
  close(): Promise<void>;
}

/**
 * A proxy in front of DynamoDB (Local) that loses answers on demand: it forwards a call, waits for
 * DynamoDB's answer, then closes the caller's connection instead of passing it on, as a network that
 * fails after a write committed does. The caller sees a dropped connection and retries, which is
 * exactly when a write can be told it failed although it succeeded.
 */
export async function startLossyProxy(target: string): Promise<LossyProxy> {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  const drops = new Map<string, number>();
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      const left = drops.get(operation) ?? 0;
      const dropped = left > 0;
      if (dropped) drops.set(operation, left - 1);
      const call: ProxiedCall = { operation, status: undefined, dropped };
      calls.push(call);
      const forwarded = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers as IncomingHttpHeaders,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            call.status = answer.statusCode;
            const text = Buffer.concat(body);
            if (call.status !== 200)
              call.error = String(JSON.parse(text.toString() || '{}').__type ?? '')
                .split('#')
                .pop();
            if (dropped) {
              incoming.socket.destroy();
              return;
            }
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(text);
          });
        },
      );
      forwarded.on('error', () => incoming.socket.destroy());
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    dropAnswers: (operation, times = 1) => drops.set(operation, (drops.get(operation) ?? 0) + times),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The calls, a line each, for a failing test's message. */
export function describeCalls(calls: readonly ProxiedCall[]): string {
  return calls
    .map(
      (call, i) =>
        `${i + 1}. ${call.operation} → ${call.dropped ? 'answer dropped' : (call.status ?? 'no answer')}${call.error ? ` ${call.error}` : ''}`,
    )
    .join('\n');
}
