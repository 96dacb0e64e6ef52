import { describe, expect, it } from 'vitest';
import {
  apiGatewayPerMillion,
  billedDurationMs,
  billRow,
  dynamoDbPerMillion,
  historyPerMillionWrites,
  lambdaPerMillion,
  logIngestionPerMillion,
  requestUnits,
} from './bill.js';
import { PRICES } from './prices.js';

// The figures here are worked out by hand from the published prices (us-east-1): each expected value
// is the arithmetic written out, not the code's formula restated.
const ARM_512 = { memoryMb: 512, architecture: 'arm64' } as const;

describe('Lambda duration', () => {
  it('bills a duration rounded up to the next millisecond, never less than one', () => {
    expect(billedDurationMs(12.3, 1)).toBe(13);
    expect(billedDurationMs(12.0001, 1)).toBe(13);
    expect(billedDurationMs(2, 1)).toBe(2);
    expect(billedDurationMs(0.2, 1)).toBe(1);
    expect(billedDurationMs(0, 1)).toBe(1);
    expect(() => billedDurationMs(Number.NaN, 1)).toThrow();
  });

  it('costs $0.0066667 per million for 1 ms at 512 MB on arm64 (0.5 GB × 0.001 s × $0.0000133334 × 10⁶)', () => {
    const { billedMs, requests, duration } = lambdaPerMillion(PRICES, 1, ARM_512);
    expect(billedMs).toBe(1);
    expect(duration).toBeCloseTo(0.0066667, 7);
    expect(requests).toBe(0.2);
  });

  it('bills a 12.3 ms p50 as 13 ms: 13 × $0.0066667', () => {
    const { billedMs, duration } = lambdaPerMillion(PRICES, 12.3, ARM_512);
    expect(billedMs).toBe(13);
    expect(duration).toBeCloseTo(0.0866671, 7);
  });

  it('prices x86 and other memory sizes by their GB-seconds', () => {
    // 0.5 GB × 0.001 s × $0.0000166667 × 10⁶
    expect(lambdaPerMillion(PRICES, 1, { memoryMb: 512, architecture: 'x86_64' }).duration).toBeCloseTo(0.00833335, 8);
    // 1 GB × 0.1 s × $0.0000133334 × 10⁶
    expect(lambdaPerMillion(PRICES, 100, { memoryMb: 1024, architecture: 'arm64' }).duration).toBeCloseTo(1.33334, 5);
    // 128 MB = 0.125 GB × 0.005 s × $0.0000133334 × 10⁶
    expect(lambdaPerMillion(PRICES, 4.01, { memoryMb: 128, architecture: 'arm64' }).duration).toBeCloseTo(0.00833338, 8);
  });
});

describe('API Gateway', () => {
  it('charges $3.50 per million REST requests, $1.00 per million HTTP API requests, nothing for a function URL', () => {
    expect(apiGatewayPerMillion(PRICES, 'rest', 200)).toBe(3.5);
    expect(apiGatewayPerMillion(PRICES, 'http', 200)).toBe(1);
    expect(apiGatewayPerMillion(PRICES, 'functionUrl', 200)).toBe(0);
  });

  it('meters HTTP API requests in 512 KB increments: 600 KB counts as two', () => {
    expect(apiGatewayPerMillion(PRICES, 'http', 512 * 1024)).toBe(1);
    expect(apiGatewayPerMillion(PRICES, 'http', 600 * 1024)).toBe(2);
    expect(apiGatewayPerMillion(PRICES, 'rest', 600 * 1024)).toBe(3.5);
  });
});

describe('DynamoDB on demand', () => {
  it('charges $0.125 per million read and $0.625 per million write request units', () => {
    // An eventually consistent GetItem of an item under 4 KB: half a read unit.
    expect(dynamoDbPerMillion(PRICES, { read: 0.5, write: 0 })).toBeCloseTo(0.0625, 10);
    // A PutItem of an item under 1 KB: one write unit; in a transaction, two.
    expect(dynamoDbPerMillion(PRICES, { read: 0, write: 1 })).toBeCloseTo(0.625, 10);
    expect(dynamoDbPerMillion(PRICES, { read: 0, write: 2 })).toBeCloseTo(1.25, 10);
    // A page of 100 items read by a scan that reports 12.5 units.
    expect(dynamoDbPerMillion(PRICES, { read: 12.5, write: 0 })).toBeCloseTo(1.5625, 10);
  });

  it('sorts the capacity DynamoDB reports per operation into read and write units', () => {
    expect(requestUnits({ GetItem: 0.5 })).toEqual({ read: 0.5, write: 0 });
    expect(requestUnits({ Scan: 12.5, PutItem: 1, TransactWriteItems: 4 })).toEqual({ read: 12.5, write: 5 });
    expect(requestUnits({})).toEqual({ read: 0, write: 0 });
    expect(() => requestUnits({ ExecuteTransaction: 2 })).toThrow(/read or write/);
  });
});

describe('a row of the bill', () => {
  it('adds API Gateway, Lambda (requests and billed duration) and DynamoDB', () => {
    const measured = { durationMs: 12.3, units: { read: 0.5, write: 0 }, requestBytes: 300, ...ARM_512 };
    const rest = billRow(PRICES, { front: 'rest', ...measured });
    // $3.50 + $0.20 + 13 × $0.0066667 + 0.5 × $0.125
    expect(rest.billedMs).toBe(13);
    expect(rest.apiGateway).toBe(3.5);
    expect(rest.lambda).toBeCloseTo(0.2866671, 7);
    expect(rest.dynamoDb).toBeCloseTo(0.0625, 10);
    expect(rest.total).toBeCloseTo(3.8491671, 7);
    const http = billRow(PRICES, { front: 'http', ...measured });
    expect(http.total).toBeCloseTo(1.3491671, 7);
    const url = billRow(PRICES, { front: 'functionUrl', ...measured });
    expect(url.total).toBeCloseTo(0.3491671, 7);
    // REST costs 2.85 times HTTP API's bill for this request.
    expect(rest.total / http.total).toBeCloseTo(2.853, 3);
  });

  it('takes a duration of its own per row (an HTTP API event takes another path through the adapter)', () => {
    const common = { units: { read: 0, write: 1 }, requestBytes: 300, ...ARM_512 };
    expect(billRow(PRICES, { front: 'rest', durationMs: 3.2, ...common }).billedMs).toBe(4);
    // $1.00 + $0.20 + 3 × $0.0066667 + $0.625
    expect(billRow(PRICES, { front: 'http', durationMs: 2.9, ...common }).total).toBeCloseTo(1.8450001, 7);
  });
});

describe("a write's history (stream → consumer → PutItem)", () => {
  it('at one record per invocation: a whole Lambda request and billed duration per write, and its PutItem', () => {
    // 1.77 ms billed as 2 ms: $0.20 + 2 × $0.0066667 = $0.2133334; one write unit $0.625; stream reads free.
    const cost = historyPerMillionWrites(PRICES, { recordsPerInvocation: 1, durationMs: 1.77, units: { read: 0, write: 1 }, ...ARM_512 });
    expect(cost.billedMs).toBe(2);
    expect(cost.lambdaRequests).toBe(0.2);
    expect(cost.lambdaDuration).toBeCloseTo(0.0133334, 7);
    expect(cost.dynamoDb).toBeCloseTo(0.625, 10);
    expect(cost.streamReads).toBe(0);
    expect(cost.total).toBeCloseTo(0.8383334, 7);
  });

  it('at 100 records per invocation: the request and the billed duration shared by the batch, the PutItem not', () => {
    // 131.9 ms billed as 132 ms: 132 × $0.0066667 = $0.8800044 a batch, $0.0088000 a write; $0.20 / 100 = $0.002 a write.
    const cost = historyPerMillionWrites(PRICES, {
      recordsPerInvocation: 100,
      durationMs: 131.9,
      units: { read: 0, write: 1 },
      ...ARM_512,
    });
    expect(cost.billedMs).toBe(132);
    expect(cost.lambdaRequests).toBeCloseTo(0.002, 10);
    expect(cost.lambdaDuration).toBeCloseTo(0.0088, 6);
    expect(cost.total).toBeCloseTo(0.6358, 6);
  });

  it('refuses a batch that is not a whole number of records', () => {
    const measured = { durationMs: 2, units: { read: 0, write: 1 }, ...ARM_512 };
    expect(() => historyPerMillionWrites(PRICES, { recordsPerInvocation: 0, ...measured })).toThrow(/records per invocation/);
    expect(() => historyPerMillionWrites(PRICES, { recordsPerInvocation: 1.5, ...measured })).toThrow(/records per invocation/);
  });

  it("adds to a row's total as its own part, the same behind every front", () => {
    // A POST writing the item and its index entry (2 write units, $1.25), 3 ms, and its history at $0.8383334:
    // REST $3.50 + $0.20 + 3 × $0.0066667 + $1.25 + $0.8383334 = $5.8083335; HTTP API $2.50 less.
    const measured = { durationMs: 2.56, units: { read: 0, write: 2 }, requestBytes: 300, afterwards: 0.8383334, ...ARM_512 };
    const rest = billRow(PRICES, { front: 'rest', ...measured });
    const http = billRow(PRICES, { front: 'http', ...measured });
    expect(rest.afterwards).toBe(0.8383334);
    expect(rest.dynamoDb).toBeCloseTo(1.25, 10);
    expect(rest.total).toBeCloseTo(5.8083335, 7);
    expect(http.total).toBeCloseTo(3.3083335, 7);
    // Without it, the row is as before: nothing afterwards.
    expect(billRow(PRICES, { front: 'rest', ...measured, afterwards: 0 }).total).toBeCloseTo(4.9700001, 7);
    const { afterwards: _, ...read } = measured;
    expect(billRow(PRICES, { front: 'rest', ...read }).afterwards).toBe(0);
  });
});

describe('CloudWatch Logs', () => {
  it('estimates ingestion at $0.50 per GB (2³⁰ bytes)', () => {
    // 1 KiB a request × 10⁶ = 0.9537 GB × $0.50
    expect(logIngestionPerMillion(PRICES, 1024)).toBeCloseTo(0.476837, 6);
  });
});
