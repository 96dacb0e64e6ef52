import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CapacityUsage } from '@items-api/dynamodb-records';
import type { ObservabilityConfig } from '../config/observability-config.js';
import { type RequestRecord, UNMATCHED_ROUTE } from './request-record.js';

/**
 * The API's CloudWatch metrics, written with Powertools in embedded metric format (EMF): per request
 * `Requests`, `Latency`, `4xx` and `5xx` by route (`GET /items/{id}`), and the DynamoDB capacity
 * consumed since the last `publish` by operation (`GetItem`…). Nothing is written until `publish`,
 * which writes a request's documents at once, synchronously, so two requests' documents never mix.
 * The capacity is the process's: with one request at a time (Lambda) it is that request's; on the
 * Node server, concurrent requests' capacity goes out with whichever is answered next — every unit
 * once, under its operation.
 */
export class RequestMetrics {
  readonly #metrics: Metrics;
  readonly #capacity = new Map<string, number>();

  constructor({ metricsNamespace, serviceName }: Pick<ObservabilityConfig, 'metricsNamespace' | 'serviceName'>) {
    this.#metrics = new Metrics({ namespace: metricsNamespace, serviceName });
  }

  /** A DynamoDB client's capacity listener: summed per operation until the next `publish`. */
  readonly recordCapacity = ({ operation, capacityUnits }: CapacityUsage): void => {
    this.#capacity.set(operation, (this.#capacity.get(operation) ?? 0) + capacityUnits);
  };

  /** `ColdStart` (by function name) on an execution environment's first invocation only. */
  coldStart(functionName: string): void {
    this.#metrics.captureColdStartMetric(functionName);
  }

  publish({ method, route, status, latencyMs }: RequestRecord): void {
    const metrics = this.#metrics;
    metrics.addDimension('route', routeDimension(method, route));
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
    metrics.addMetric('4xx', MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
    metrics.addMetric('5xx', MetricUnit.Count, status >= 500 ? 1 : 0);
    metrics.publishStoredMetrics();
    // One dimension value per EMF document: each operation's capacity goes in a document of its own.
    for (const [operation, units] of this.#capacity) {
      const single = metrics.singleMetric();
      single.addDimension('operation', operation);
      single.addMetric('ConsumedCapacity', MetricUnit.Count, units);
    }
    this.#capacity.clear();
  }
}

/** HTTP's own methods; a request may name any token, which must not become a dimension value. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE']);

/** `GET /items/{id}`; `OTHER /items/{id}` for a made-up method; `unmatched` for a path no route takes. */
function routeDimension(method: string, route: string): string {
  if (route === UNMATCHED_ROUTE) return route;
  return `${METHODS.has(method) ? method : 'OTHER'} ${route}`;
}
