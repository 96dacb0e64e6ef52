/**
 * AWS's published list prices the bench's bill (`bill.ts`) is computed with, for one region. There is
 * no web access where the bench runs: these are the prices as last read, dated, with the pages to check
 * them against. Change them here (and `PRICES.readOn`) when AWS does.
 */
export interface PriceSheet {
  region: string;
  /** When the prices were read off the pages below (YYYY-MM-DD). */
  readOn: string;
  sources: string[];
  apiGateway: {
    /** REST API, USD per million requests (the first 333 million a month). */
    restPerMillion: number;
    /** HTTP API, USD per million requests (the first 300 million a month), each metered in `httpMeteringBytes` increments. */
    httpPerMillion: number;
    /** An HTTP API request of up to this many bytes counts as one (512 KB). */
    httpMeteringBytes: number;
  };
  lambda: {
    /** USD per million invocations, whatever the architecture. */
    requestsPerMillion: number;
    /** USD per GB-second of duration on arm64 (Graviton; the first 7.5 billion GB-s a month). */
    arm64PerGbSecond: number;
    /** USD per GB-second on x86_64 (the first 6 billion GB-s a month), for comparison. */
    x86PerGbSecond: number;
    /** Duration is billed rounded up to this (ms). */
    billingIncrementMs: number;
  };
  dynamoDb: {
    /** On-demand, USD per million read request units (since the November 2024 price cut). */
    readRequestUnitsPerMillion: number;
    /** On-demand, USD per million write request units (since the November 2024 price cut). */
    writeRequestUnitsPerMillion: number;
    /**
     * DynamoDB Streams' reads (GetRecords) made by a Lambda trigger's event source mapping, USD per
     * million records: none, as AWS's DynamoDB pricing page says (other readers of a stream pay per
     * streams read request unit).
     */
    streamReadsByLambdaPerMillion: number;
  };
  cloudWatchLogs: {
    /** USD per GB of log data ingested (standard class; not part of the bill's total). */
    ingestionPerGb: number;
  };
}

export const PRICES: PriceSheet = {
  region: 'us-east-1',
  readOn: '2026-12-07',
  sources: [
    'https://aws.amazon.com/api-gateway/pricing/',
    'https://aws.amazon.com/lambda/pricing/',
    'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    'https://aws.amazon.com/cloudwatch/pricing/',
  ],
  apiGateway: { restPerMillion: 3.5, httpPerMillion: 1.0, httpMeteringBytes: 512 * 1024 },
  lambda: { requestsPerMillion: 0.2, arm64PerGbSecond: 0.0000133334, x86PerGbSecond: 0.0000166667, billingIncrementMs: 1 },
  dynamoDb: { readRequestUnitsPerMillion: 0.125, writeRequestUnitsPerMillion: 0.625, streamReadsByLambdaPerMillion: 0 },
  cloudWatchLogs: { ingestionPerGb: 0.5 },
};

/** One line naming the prices, their date and region, for under a table. */
export function pricesNote(prices: PriceSheet = PRICES): string {
  const { apiGateway: api, lambda, dynamoDb: ddb } = prices;
  return (
    `Prices: AWS's published list prices in ${prices.region}, as read ${prices.readOn} (check ${prices.sources.slice(0, 3).join(' , ')}): ` +
    `REST API $${api.restPerMillion.toFixed(2)}/M requests, HTTP API $${api.httpPerMillion.toFixed(2)}/M (per 512 KB), function URL free; ` +
    `Lambda $${lambda.requestsPerMillion.toFixed(2)}/M requests + $${lambda.arm64PerGbSecond}/GB-s on arm64 (x86 $${lambda.x86PerGbSecond}), ` +
    `billed per ${lambda.billingIncrementMs} ms; DynamoDB on demand $${ddb.readRequestUnitsPerMillion}/M read, ` +
    `$${ddb.writeRequestUnitsPerMillion}/M write request units; DynamoDB Streams read by a Lambda trigger ` +
    `${ddb.streamReadsByLambdaPerMillion === 0 ? 'free' : `$${ddb.streamReadsByLambdaPerMillion}/M records`}. First-tier prices; no free tier.`
  );
}
