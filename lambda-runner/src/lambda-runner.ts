import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { GatewayResponse } from './api-gateway-response.js';
import { ApiRoutes } from './api-routes.js';
import { parseCloudFormationYaml } from './cloudformation-yaml.js';
import { FunctionPool } from './function-pool.js';
import { type Gateway, gatewayOf, restGateway } from './gateway.js';
import { xrayDaemonEndpoint } from './lambda-environment.js';
import { lambdaNode } from './lambda-node.js';
import { type ApiDefinition, apisOf, type FunctionDefinition, streamConsumersOf, type TemplateValues } from './sam-template.js';
import { createSandbox, type Sandbox } from './sandbox.js';
import { type StartedStreamMapping, startStreamMappings } from './stream-consumers.js';

export interface LambdaRunnerOptions {
  templateFile: string;
  /** Holds `<LogicalId>.zip` for the function and each of its layers (`npm run build` writes them). */
  zipsDir: string;
  port: number;
  host?: string;
  values?: TemplateValues;
  /** Added to every function's environment: credentials, `AWS_ENDPOINT_URL_DYNAMODB`. */
  environment?: Record<string, string>;
  /** API Gateway's integration timeout: as on AWS by default, 29 s for a REST API, 30 s for an HTTP API. */
  integrationTimeoutMs?: number;
  /** Execution environments per function at most; more concurrent requests wait. */
  maxEnvironments?: number;
  /** How long loading a handler may take: Lambda's 10 s by default. */
  initTimeoutMs?: number;
  /**
   * `host:port` of an X-Ray daemon (UDP) for the functions' `AWS_XRAY_DAEMON_ADDRESS`: 127.0.0.1:2000,
   * the daemon's default, where nothing listens unless one runs (segments sent there are dropped).
   */
  xrayDaemonAddress?: string;
  /** Where platform and function log lines go; stdout by default. */
  log?: (line: string) => void;
  /**
   * Runs the template's DynamoDB stream consumers too, each `Type: DynamoDB` event as Lambda's event
   * source mapping (see `startStreamMappings`), on the tables `values.resources` names, read at
   * `endpoint` with `credentials` (the stand-ins by default); an on-failure queue is written as
   * `<failureDestinationDir>/<QueueLogicalId>.jsonl`.
   */
  streams?: {
    endpoint: string;
    failureDestinationDir: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    /** The wait before a retry of a failed batch (see `defaultRetryDelayMs`). */
    retryDelayMs?: (retry: number) => number;
  };
}

export interface LambdaRunner {
  /** `http://127.0.0.1:3001/` */
  url: string;
  /** Each API stage's base URL, ending in `/`: `http://127.0.0.1:3001/prod/`. */
  stageUrls: string[];
  /** Each function and the Node.js its execution environments run on. */
  functions: { logicalId: string; runtime: string; nodeVersion: string }[];
  /** The stream mappings started (with `streams`), in the template's order. */
  streamMappings: StartedStreamMapping[];
  /** Stops the stream mappings first, then the server and every execution environment. */
  stop(): Promise<void>;
}

// API Gateway takes request bodies up to 10 MB; a Lambda invocation carries at most 6 MB of event
// (the body in base64 makes it a third larger).
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

interface Stage {
  api: ApiDefinition;
  /** What its API's type (REST or HTTP) makes of requests and results. */
  gateway: Gateway;
  apiId: string;
  routes: ApiRoutes<FunctionPool>;
}

/**
 * What `sam local start-api` does, without Docker: serves the template's APIs on
 * `http://host:port/{stage}/…`, turning each request into the proxy event API Gateway sends and
 * the function's answer into the HTTP response, as the stage's API does (a REST API: v1 events; an
 * HTTP API: payload format 2.0; see `Gateway`), the function running from its built zips in
 * execution environments of its own (see `ExecutionEnvironment`).
 */
export async function startLambdaRunner(options: LambdaRunnerOptions): Promise<LambdaRunner> {
  const region = options.values?.region ?? 'us-east-1';
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // A wrong address is refused now rather than at the first request's cold start.
  if (options.xrayDaemonAddress !== undefined) xrayDaemonEndpoint(options.xrayDaemonAddress);
  const template = parseCloudFormationYaml(await readFile(options.templateFile, 'utf8')) as Parameters<typeof apisOf>[0];
  const apis = apisOf(template, options.values);
  const consumers = options.streams ? streamConsumersOf(template, options.values) : [];
  if (apis.length === 0 && consumers.length === 0) {
    throw new Error(`${options.templateFile} has no function with an Api event${options.streams ? ' nor a DynamoDB event' : ''}`);
  }

  const sandboxes: Sandbox[] = [];
  const pools = new Map<string, FunctionPool>();
  const functions: LambdaRunner['functions'] = [];
  const stages = new Map<string, Stage>();
  const streamMappings: LambdaRunner['streamMappings'] = [];
  const stopAll = async (): Promise<void> => {
    // Before the pools: a mapping would otherwise retry the invocations their stop fails.
    await Promise.all(streamMappings.map((mapping) => mapping.stop()));
    await Promise.all([...pools.values()].map((pool) => pool.stop()));
    await Promise.all(sandboxes.map((sandbox) => sandbox.remove()));
  };
  // One pool per function, whatever its events: its execution environments serve them all.
  const poolOf = async (definition: FunctionDefinition): Promise<FunctionPool> => {
    const existing = pools.get(definition.logicalId);
    if (existing) return existing;
    const sandbox = await createSandbox(
      definition.runtime,
      join(options.zipsDir, `${definition.logicalId}.zip`),
      definition.layers.map((layer) => join(options.zipsDir, `${layer}.zip`)),
    );
    sandboxes.push(sandbox);
    // Resolved here, so that a missing Node.js fails the start rather than the first request.
    const node = lambdaNode(definition.runtime);
    functions.push({ logicalId: definition.logicalId, runtime: definition.runtime, nodeVersion: node.version });
    const pool = new FunctionPool(
      {
        definition,
        node,
        sandbox,
        region,
        environment: options.environment ?? {},
        log,
        ...(options.initTimeoutMs !== undefined && { initTimeoutMs: options.initTimeoutMs }),
        ...(options.xrayDaemonAddress !== undefined && { xrayDaemonAddress: options.xrayDaemonAddress }),
      },
      options.maxEnvironments ?? 4,
    );
    pools.set(definition.logicalId, pool);
    return pool;
  };
  try {
    for (const api of apis) {
      const stage: Stage = { api, gateway: gatewayOf(api), apiId: randomBytes(5).toString('hex'), routes: new ApiRoutes() };
      for (const definition of api.functions) {
        const pool = await poolOf(definition);
        for (const route of definition.routes) stage.routes.add(route, pool);
      }
      stages.set(api.stageName, stage);
    }
    if (options.streams) {
      const streams = options.streams;
      streamMappings.push(
        ...(await startStreamMappings(consumers, {
          tables: options.values?.resources ?? {},
          connection: {
            endpoint: streams.endpoint,
            region,
            credentials: streams.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
          },
          failureDestinationDir: streams.failureDestinationDir,
          invokerOf: async (definition) => {
            const pool = await poolOf(definition);
            return (event, requestId) => pool.invoke(event, requestId);
          },
          log,
          ...(streams.retryDelayMs && { retryDelayMs: streams.retryDelayMs }),
        })),
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  // Outside every stage, the errors are those of the runner's APIs' type (REST when they mix).
  const anyStage = [...stages.values()];
  const fallback =
    anyStage.length > 0 && anyStage.every((stage) => stage.gateway.type === 'http')
      ? anyStage[0]!.gateway
      : restGateway({ binaryMediaTypes: [] });
  type Answer = GatewayResponse & { requestId: string; gateway: Gateway };

  const handle = async (request: IncomingMessage): Promise<Answer> => {
    const requestId = randomUUID();
    const target = new URL(request.url ?? '/', 'http://localhost');
    const rawPath = (request.url ?? '/').split('?')[0]!;
    const [, stageName = '', ...rest] = rawPath.split('/');
    const stage = stages.get(stageName);
    if (!stage) return { ...fallback.errors.unknownStage(), requestId, gateway: fallback };
    const { gateway } = stage;
    const answer = (response: GatewayResponse): Answer => ({ ...response, requestId, gateway });
    const path = `/${rest.join('/')}`;
    const method = request.method ?? 'GET';
    const match = stage.routes.match(method, path);
    if (!match) return answer(gateway.errors.noRoute());
    const body = await readBody(request);
    if (!body) return answer(gateway.errors.tooLarge());

    const event = gateway.event(
      {
        method,
        rawPath,
        rawQueryString: target.search.slice(1),
        query: target.searchParams,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        localPort: request.socket.localPort ?? options.port,
      },
      {
        stage: stageName,
        path,
        routeMethod: match.method,
        resource: match.resource,
        pathParameters: match.pathParameters,
        requestId,
        apiId: stage.apiId,
      },
    );
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
      log(`${new Date().toISOString()} ${requestId} API Gateway: the event exceeds Lambda's 6 MB invocation payload`);
      return answer(gateway.errors.integrationFailure());
    }
    const abandon = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Lambda's request id is its own, not API Gateway's. API Gateway passes the client's trace header
    // on (on AWS a traced REST stage also adds a segment of its own under it).
    const traceHeader = request.headers['x-amzn-trace-id'];
    const invocation = match.target.invoke(event, randomUUID(), {
      signal: abandon.signal,
      ...(typeof traceHeader === 'string' && { traceHeader }),
    });
    invocation.catch(() => undefined);
    const outcome = await Promise.race([
      invocation,
      new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), options.integrationTimeoutMs ?? gateway.integrationTimeoutMs)),
      ),
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      abandon.abort();
      return answer(gateway.errors.integrationTimeout());
    }
    if (outcome.kind !== 'result') return answer(gateway.errors.integrationFailure());
    const response = gateway.response(outcome.payload, { accept: request.headers.accept });
    if (!response) {
      log(`${new Date().toISOString()} ${requestId} API Gateway: Malformed Lambda proxy response`);
      return answer(gateway.errors.integrationFailure());
    }
    return answer(response);
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request)
      .catch((error: unknown): Answer => {
        log(`API Gateway (local): ${error instanceof Error ? error.stack : String(error)}`);
        return { ...fallback.errors.integrationFailure(), requestId: randomUUID(), gateway: fallback };
      })
      .then(({ statusCode, headers, body, requestId, gateway }) => {
        const raw = [...headers, ...gateway.responseHeaders(requestId)].flat();
        response.writeHead(statusCode, raw);
        response.end(body);
      })
      .catch((error: unknown) => {
        log(`API Gateway (local): could not answer: ${error instanceof Error ? error.message : String(error)}`);
        response.destroy();
      });
  });
  try {
    await listen(server, options.port, options.host ?? '127.0.0.1');
  } catch (error) {
    await stopAll();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/`;
  return {
    url,
    stageUrls: [...stages.keys()].map((stage) => `${url}${stage}/`),
    functions,
    streamMappings,
    stop: async () => {
      await Promise.all(streamMappings.map((mapping) => mapping.stop()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Including connections in the middle of a request: stopping never waits on a client.
      server.closeAllConnections();
      await closed;
      await stopAll();
    },
  };
}

/** The request body, or undefined past what one invocation may carry. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
