import type { Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import { DynamoDbError } from './dynamodb-error.js';

export interface Timeouts {
  /** From asking for a socket to being connected. */
  connectMs: number;
  /** From sending the request to having all of the answer. */
  requestMs: number;
}

export interface HttpAnswer {
  statusCode: number;
  headers: IncomingMessage['headers'];
  body: string;
}

type Transport = { request: typeof import('node:http').request; Agent: typeof HttpAgent };

/**
 * One HTTP POST to DynamoDB with both timeouts enforced, for `DynamoDbClient`. Written by hand because
 * no light client does it: aws-lite (0.24) sets no timeout at all, and the AWS SDK costs about 70 ms of
 * every cold start. `node:https` is loaded only for an https endpoint; keep-alive sockets are reused.
 */
export class HttpTransport {
  readonly #url: URL;
  readonly #timeouts: Timeouts;
  #loaded: Promise<{ transport: Transport; agent: HttpAgent }> | undefined;

  constructor(url: URL, timeouts: Timeouts) {
    this.#url = url;
    this.#timeouts = timeouts;
  }

  async post(headers: Record<string, string>, body: string): Promise<HttpAnswer> {
    this.#loaded ??= (this.#url.protocol === 'https:' ? import('node:https') : import('node:http')).then((transport) => ({
      transport,
      agent: new transport.Agent({ keepAlive: true }),
    }));
    const { transport, agent } = await this.#loaded;
    const options: RequestOptions = {
      host: this.#url.hostname,
      port: this.#url.port || undefined,
      path: this.#url.pathname,
      method: 'POST',
      headers,
      agent,
    };
    return new Promise((resolve, reject) => {
      const fail = (code: string, message: string, cause?: unknown): void => {
        clearTimeout(deadline);
        request.destroy();
        reject(new DynamoDbError(code, message, cause === undefined ? {} : { cause }));
      };
      const request = transport.request(options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => fail('NetworkingError', error.message, error));
        response.on('end', () => {
          clearTimeout(deadline);
          resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      const deadline = setTimeout(() => fail('TimeoutError', `No answer within ${this.#timeouts.requestMs} ms`), this.#timeouts.requestMs);
      request.on('socket', (socket) => {
        // A reused keep-alive socket is already connected.
        if (!socket.connecting) return;
        const connecting = setTimeout(
          () => fail('TimeoutError', `Not connected within ${this.#timeouts.connectMs} ms`),
          this.#timeouts.connectMs,
        );
        socket.once('connect', () => clearTimeout(connecting));
        socket.once('close', () => clearTimeout(connecting));
      });
      request.on('error', (error) => fail('NetworkingError', error.message, error));
      request.end(body);
    });
  }

  /** Closes the kept-alive sockets, so that a process can exit. */
  destroy(): void {
    void this.#loaded?.then(({ agent }) => agent.destroy());
  }
}
