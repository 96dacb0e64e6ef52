import { type CapturedOutput, captureOutput } from '@items-api/test-support/captured-output';
import { afterEach, describe, expect, it } from 'vitest';
import { withinRequest } from './request-context.js';
import { RequestMetrics } from './request-metrics.js';

let output: CapturedOutput | undefined;
afterEach(() => output?.restore());

/** The EMF documents written (lines with `_aws`). */
function documents(): Record<string, unknown>[] {
  return output!.json().filter((line) => '_aws' in line);
}

describe('RequestMetrics, when a document fails to fill', () => {
  it('leaves nothing of it (dimension, request id) to the next document of the same instance', () => {
    const metrics = new RequestMetrics({ metricsNamespace: 'RequestMetricsTest', serviceName: 'items-api' });
    output = captureOutput();

    // Capacity after the request's metrics went out is written at once, with the request's id; Powertools
    // refuses a value that is not a number (a type the compiler would refuse, forced here to fail the fill).
    expect(() =>
      withinRequest((request) => {
        request.requestId = 'request-a';
        request.metricsWritten = true;
        metrics.recordCapacity({ table: 'items', operation: 'GetItem', capacityUnits: undefined as unknown as number });
      }),
    ).toThrow(RangeError);
    metrics.recordCapacity({ table: 'items', operation: 'PutItem', capacityUnits: 1 });

    expect(() =>
      metrics.publish({ method: 'GET', route: '/items/{id}', status: 200, latencyMs: '1' as unknown as number, requestId: 'request-b' }),
    ).toThrow(RangeError);
    metrics.publish({ method: 'POST', route: '/items', status: 201, latencyMs: 2, requestId: undefined });

    const written = documents();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ operation: 'PutItem', ConsumedCapacity: 1 });
    expect(written[1]).toMatchObject({ route: 'POST /items', Requests: 1, Latency: 2 });
    for (const document of written) {
      expect(document).not.toHaveProperty('requestId');
      expect(document).not.toHaveProperty('route', 'GET /items/{id}');
    }
    expect(written[0]).not.toHaveProperty('route');
  });
});
