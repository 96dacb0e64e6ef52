import type { PriceSheet } from './prices.js';

// The bill per million requests, from a price sheet (`prices.ts`) and what the bench measured: pure
// arithmetic, every figure in USD per million requests.

/** What stands in front of the function. */
export type Front = 'rest' | 'http' | 'functionUrl';

export const FRONTS: readonly Front[] = ['rest', 'http', 'functionUrl'];

export const FRONT_NAMES: Record<Front, string> = {
  rest: 'API Gateway REST API',
  http: 'API Gateway HTTP API',
  functionUrl: 'Lambda function URL (reference; not deployed)',
};

export type Architecture = 'arm64' | 'x86_64';

/** DynamoDB request units one request consumes (on demand; DynamoDB Local reports them as capacity units, the same numbers). */
export interface RequestUnits {
  read: number;
  write: number;
}

export interface FunctionSize {
  memoryMb: number;
  architecture: Architecture;
}

/** One row's inputs: the front, the invocation's duration as measured (ms), the DynamoDB units, and the request's size. */
export interface BillInput extends FunctionSize {
  front: Front;
  durationMs: number;
  units: RequestUnits;
  /** The request's size as API Gateway meters it (HTTP APIs count one request per 512 KB started). */
  requestBytes: number;
  /** What the request costs after its answer (a write's history: `historyPerMillionWrites`), USD per million; none unless told. */
  afterwards?: number;
}

export interface BillRow {
  front: Front;
  durationMs: number;
  /** `durationMs` as Lambda bills it: rounded up to the next increment (1 ms), never less than one. */
  billedMs: number;
  apiGateway: number;
  /** Lambda's request charge plus its duration charge. */
  lambda: number;
  lambdaRequests: number;
  lambdaDuration: number;
  dynamoDb: number;
  /** `BillInput.afterwards`: 0 for a read. */
  afterwards: number;
  total: number;
}

/** A duration as Lambda bills it: rounded up to the next `incrementMs`, at least one increment. */
export function billedDurationMs(durationMs: number, incrementMs: number): number {
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new Error(`Not a duration: ${durationMs}`);
  return Math.max(1, Math.ceil(durationMs / incrementMs)) * incrementMs;
}

/** Lambda per million invocations of `durationMs` at `memoryMb` (GB-seconds are MB / 1024 × seconds). */
export function lambdaPerMillion(
  prices: PriceSheet,
  durationMs: number,
  { memoryMb, architecture }: FunctionSize,
): { billedMs: number; requests: number; duration: number } {
  const billedMs = billedDurationMs(durationMs, prices.lambda.billingIncrementMs);
  const perGbSecond = architecture === 'arm64' ? prices.lambda.arm64PerGbSecond : prices.lambda.x86PerGbSecond;
  const gbSeconds = (memoryMb / 1024) * (billedMs / 1000);
  return { billedMs, requests: prices.lambda.requestsPerMillion, duration: gbSeconds * perGbSecond * 1e6 };
}

/** API Gateway per million requests of `requestBytes`; a function URL costs nothing beyond Lambda's. */
export function apiGatewayPerMillion(prices: PriceSheet, front: Front, requestBytes: number): number {
  switch (front) {
    case 'rest':
      return prices.apiGateway.restPerMillion;
    case 'http':
      return prices.apiGateway.httpPerMillion * Math.max(1, Math.ceil(requestBytes / prices.apiGateway.httpMeteringBytes));
    case 'functionUrl':
      return 0;
  }
}

/** DynamoDB on demand per million requests that each consume `units`. */
export function dynamoDbPerMillion(prices: PriceSheet, units: RequestUnits): number {
  return units.read * prices.dynamoDb.readRequestUnitsPerMillion + units.write * prices.dynamoDb.writeRequestUnitsPerMillion;
}

/** One row of the bill: every part per million requests, and their total. */
export function billRow(prices: PriceSheet, input: BillInput): BillRow {
  const lambda = lambdaPerMillion(prices, input.durationMs, input);
  const apiGateway = apiGatewayPerMillion(prices, input.front, input.requestBytes);
  const dynamoDb = dynamoDbPerMillion(prices, input.units);
  const lambdaCost = lambda.requests + lambda.duration;
  const afterwards = input.afterwards ?? 0;
  return {
    front: input.front,
    durationMs: input.durationMs,
    billedMs: lambda.billedMs,
    apiGateway,
    lambda: lambdaCost,
    lambdaRequests: lambda.requests,
    lambdaDuration: lambda.duration,
    dynamoDb,
    afterwards,
    total: apiGateway + lambdaCost + dynamoDb + afterwards,
  };
}

/** What a stream consumer costs per record: measured for one size of batch. */
export interface ConsumerInput extends FunctionSize {
  /** Records in each invocation (1 at low traffic; up to the mapping's BatchSize under load). */
  recordsPerInvocation: number;
  /** The invocation's duration (ms) for a batch of that many records. */
  durationMs: number;
  /** DynamoDB units the consumer's writes consume per record. */
  units: RequestUnits;
}

export interface ConsumerCost {
  recordsPerInvocation: number;
  durationMs: number;
  /** `durationMs` as Lambda bills it, for the whole batch. */
  billedMs: number;
  /** Lambda's request charge, shared by the batch's records. */
  lambdaRequests: number;
  /** Lambda's duration charge, shared by the batch's records. */
  lambdaDuration: number;
  dynamoDb: number;
  /** DynamoDB Streams' reads: free when a Lambda trigger makes them (`PriceSheet.dynamoDb.streamReadsByLambdaPerMillion`). */
  streamReads: number;
  total: number;
}

/**
 * The history of a write, per million writes: each write's stream record reaches the consumer in a
 * batch of `recordsPerInvocation`, whose invocation (its request and billed duration) the batch's records
 * share, and makes the consumer's writes (`units` per record). The stream's reads by the trigger cost
 * what the price sheet says they do (nothing).
 */
export function historyPerMillionWrites(prices: PriceSheet, input: ConsumerInput): ConsumerCost {
  const n = input.recordsPerInvocation;
  if (!Number.isInteger(n) || n < 1) throw new Error(`Not a number of records per invocation: ${n}`);
  const lambda = lambdaPerMillion(prices, input.durationMs, input);
  const lambdaRequests = lambda.requests / n;
  const lambdaDuration = lambda.duration / n;
  const dynamoDb = dynamoDbPerMillion(prices, input.units);
  const streamReads = prices.dynamoDb.streamReadsByLambdaPerMillion;
  return {
    recordsPerInvocation: n,
    durationMs: input.durationMs,
    billedMs: lambda.billedMs,
    lambdaRequests,
    lambdaDuration,
    dynamoDb,
    streamReads,
    total: lambdaRequests + lambdaDuration + dynamoDb + streamReads,
  };
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/**
 * DynamoDB's reported capacity units per operation (`ConsumedCapacity.CapacityUnits`, as the function's
 * metrics publish them) as read and write request units. A transaction's doubled units are already in
 * what DynamoDB reports. Throws for an operation it cannot place (PartiQL's writes, say).
 */
export function requestUnits(capacityByOperation: Record<string, number>): RequestUnits {
  const units: RequestUnits = { read: 0, write: 0 };
  for (const [operation, capacity] of Object.entries(capacityByOperation)) {
    if (READS.has(operation)) units.read += capacity;
    else if (WRITES.has(operation)) units.write += capacity;
    else throw new Error(`Cannot tell whether ${operation}'s capacity is read or write units`);
  }
  return units;
}

/** CloudWatch Logs ingestion per million requests that each write `bytes` of log (GB as 2^30 bytes). */
export function logIngestionPerMillion(prices: PriceSheet, bytes: number): number {
  return ((bytes * 1e6) / 2 ** 30) * prices.cloudWatchLogs.ingestionPerGb;
}

/** USD with enough digits to tell the rows apart: $3.7001, $0.0067. */
export function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}
