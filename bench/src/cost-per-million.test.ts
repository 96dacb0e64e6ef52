import { TEMPLATE_FILE } from '@items-api/build/artifacts';
import { describe, expect, it } from 'vitest';
import { billOf, functionSize, renderBill } from './cost-per-million.js';
import { PRICES } from './prices.js';
import type { Consumed, WarmResult, WarmSeries } from './warm.js';

// What `npm run bench` prints of the bill: each operation behind the three fronts, from what the warm
// run measured (here, figures given by hand).

const consumed = (capacityUnits: Record<string, number>): Consumed => ({ capacityUnits, logBytes: 900, eventBytes: 1_000 }) as Consumed;

function series(getMs: number[]): WarmSeries {
  return {
    handler: { get: getMs, post: [3], list: [5] },
    sdk: { get: [], post: [], list: [] },
    overhead: { get: [], post: [], list: [] },
    consumed: { get: consumed({ GetItem: 1 }), post: consumed({ PutItem: 2 }), list: consumed({ Scan: 5 }) },
  };
}

describe('the bill per million requests', () => {
  it('reads the function size the template deploys: arm64 at 512 MB', async () => {
    expect(await functionSize(TEMPLATE_FILE, 'ItemsFunction')).toEqual({
      logicalId: 'ItemsFunction',
      memoryMb: 512,
      architecture: 'arm64',
    });
  });

  it('prints each operation behind a REST API, an HTTP API and a function URL, each with the p50 of its own event format', () => {
    const warm = { ...series([1.2, 1.9, 2.4]), httpApi: series([2.1, 2.6, 3.3]), requests: {}, statuses: {} } as unknown as WarmResult;
    const names = { get: 'GET /items/{id}', post: 'POST /items', list: 'GET /items?limit=100' };
    const bill = billOf(warm, names, { logicalId: 'ItemsFunction', memoryMb: 512, architecture: 'arm64' }, PRICES);
    const get = bill.operations[0]!;
    expect(get.lines.map((line) => [line.front, line.durationMs, line.billedMs])).toEqual([
      ['rest', 1.9, 2],
      ['http', 2.6, 3],
      ['functionUrl', 2.6, 3],
    ]);
    // REST: $3.50 + $0.20 + 2 ms × 0.5 GB × $0.0000133334 × 10⁶ ($0.0133334) + 1 read unit ($0.125) = $3.8383334.
    expect(get.lines[0]!.total).toBeCloseTo(3.8383334, 6);
    // HTTP API: $1.00 + $0.20 + 3 ms ($0.0200001) + $0.125 = $1.3450001.
    expect(get.lines[1]!.total).toBeCloseTo(1.3450001, 6);
    const text = renderBill(bill);
    for (const front of ['API Gateway REST API', 'API Gateway HTTP API', 'Lambda function URL (reference; not deployed)']) {
      expect(text.split('\n').filter((line) => line.includes(front))).toHaveLength(3);
    }
    expect(text).toContain('$3.8383');
    expect(text).toContain('$1.3450');
    expect(text).toContain(`us-east-1, as read ${PRICES.readOn}`);
    expect(text).toMatch(/REST against HTTP API \(total\): GET \/items\/\{id\} 2\.85×/);
  });
});
