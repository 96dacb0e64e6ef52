import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CapacityUsage } from '@items-api/items-store';
import { SERVICE_NAME } from './logger.js';
import type { RequestRecord } from './request-record.js';
import { UNMATCHED_ROUTE } from './route-template.js';

/** The CloudWatch namespace, unless `POWERTOOLS_METRICS_NAMESPACE` names another. */
export const METRICS_NAMESPACE = 'ItemsApi';

/**
 * The API's CloudWatch metrics, written with Powertools in embedded metric format (EMF): per request
 * `Requests`, `Latency`, `4xx` and `5xx` by route (`GET /items/{id}`), and the DynamoDB capacity
 * consumed since the last request by operation (`GetItem`…). Nothing is written until `publish`, which
 * writes everything at once, synchronously, and so never interleaves two requests' figures.
 */
export class RequestMetrics {
  readonly #metrics: Metrics;
  readonly #capacity = new Map<string, number>();

  constructor(metrics?: Metrics) {
    this.#metrics =
      metrics ??
      new Metrics({
        namespace: process.env.POWERTOOLS_METRICS_NAMESPACE?.trim() || METRICS_NAMESPACE,
        serviceName: process.env.POWERTOOLS_SERVICE_NAME?.trim() || SERVICE_NAME,
      });
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
    // The method of an unmatched request is whatever a client sent: no dimension of its own.
    metrics.addDimension('route', route === UNMATCHED_ROUTE ? route : `${method} ${route}`);
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
