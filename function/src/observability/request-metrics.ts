import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CapacityUsage } from '@items-api/dynamodb-records';
import type { ObservabilityConfig } from '../config/observability-config.js';
import { currentRequest } from './request-context.js';
import { type RequestRecord, UNMATCHED_ROUTE } from './request-record.js';

/**
 * The API's CloudWatch metrics, written with Powertools in embedded metric format (EMF): per request
 * `Requests`, `Latency`, `4xx` and `5xx` by route (`GET /items/{id}`), and the DynamoDB capacity the
 * request consumed by operation (`GetItem`…), each document carrying the request's id (and trace id,
 * when traced) as metadata, to find its log line and trace. The capacity is kept in the request's own
 * context (`request-context.ts`), so concurrent requests (the Node server, Lambda taking several
 * invocations at once) never write each other's; `publish` writes a request's documents at once,
 * synchronously, so the one Powertools instance never holds two requests' metrics.
 */
export class RequestMetrics {
  readonly #metrics: Metrics;
  /**
   * Where capacity documents are written, one at a time (published at once, never holding two): the
   * document `singleMetric()` would write, without the new Powertools instance (and `Console`) it
   * makes per call, about a tenth of a millisecond of every request (docs/performance.md).
   */
  readonly #capacity: Metrics;

  constructor({ metricsNamespace, serviceName }: Pick<ObservabilityConfig, 'metricsNamespace' | 'serviceName'>) {
    this.#metrics = new Metrics({ namespace: metricsNamespace, serviceName });
    this.#capacity = new Metrics({ namespace: metricsNamespace, serviceName });
  }

  /**
   * A DynamoDB client's capacity listener: summed per operation in the request's context until its
   * `publish`. Capacity reported outside any request, or after its metrics went out (a call still
   * answering), is written at once on its own: every unit once, under its operation.
   */
  readonly recordCapacity = ({ operation, capacityUnits }: CapacityUsage): void => {
    const request = currentRequest();
    if (!request || request.metricsWritten) {
      this.#writeCapacity(operation, capacityUnits, identityOf(request?.requestId));
      return;
    }
    request.capacity.set(operation, (request.capacity.get(operation) ?? 0) + capacityUnits);
  };

  /** `ColdStart` (by function name) on an execution environment's first invocation only. */
  coldStart(functionName: string): void {
    this.#metrics.captureColdStartMetric(functionName);
  }

  publish({ method, route, status, latencyMs, requestId }: RequestRecord): void {
    const request = currentRequest();
    const identity = identityOf(requestId);
    publishDocument(this.#metrics, (metrics) => {
      metrics.addDimension('route', routeDimension(method, route));
      for (const [key, value] of identity) metrics.addMetadata(key, value);
      metrics.addMetric('Requests', MetricUnit.Count, 1);
      metrics.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
      metrics.addMetric('4xx', MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
      metrics.addMetric('5xx', MetricUnit.Count, status >= 500 ? 1 : 0);
    });
    if (!request) return;
    for (const [operation, units] of request.capacity) this.#writeCapacity(operation, units, identity);
    request.capacity.clear();
    request.metricsWritten = true;
  }

  /** One dimension value per EMF document: each operation's capacity goes in a document of its own. */
  #writeCapacity(operation: string, units: number, identity: [string, string][]): void {
    publishDocument(this.#capacity, (single) => {
      single.addDimension('operation', operation);
      for (const [key, value] of identity) single.addMetadata(key, value);
      single.addMetric('ConsumedCapacity', MetricUnit.Count, units);
    });
  }
}

/**
 * Fills one EMF document on a Metrics instance used for every document, and writes it. Should filling
 * it throw (a value that is not a number, too many dimensions), what it had added is cleared and the
 * error rethrown: the next document must not carry this one's dimensions, metadata or metrics (a
 * request id not its own). Publishing clears them itself, whether it writes or throws.
 */
function publishDocument(metrics: Metrics, fill: (metrics: Metrics) => void): void {
  try {
    fill(metrics);
  } catch (error) {
    metrics.clearMetrics();
    metrics.clearDimensions();
    metrics.clearMetadata();
    throw error;
  }
  metrics.publishStoredMetrics();
}

/** The request's id and trace id, named as its log line names them. */
function identityOf(requestId: string | undefined): [string, string][] {
  const traceId = currentRequest()?.trace?.traceId;
  return [
    ...(requestId ? [['requestId', requestId] as [string, string]] : []),
    ...(traceId ? [['xray_trace_id', traceId] as [string, string]] : []),
  ];
}

/** HTTP's own methods; a request may name any token, which must not become a dimension value. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE']);

/** `GET /items/{id}`; `OTHER /items/{id}` for a made-up method; `unmatched` for a path no route takes. */
function routeDimension(method: string, route: string): string {
  if (route === UNMATCHED_ROUTE) return route;
  return `${METHODS.has(method) ? method : 'OTHER'} ${route}`;
}
