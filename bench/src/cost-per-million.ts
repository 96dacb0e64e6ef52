import { readFile } from 'node:fs/promises';
import { parseCloudFormationYaml } from '@items-api/lambda-runner';
import {
  type Architecture,
  type BillRow,
  billRow,
  type ConsumerCost,
  FRONT_NAMES,
  FRONTS,
  type Front,
  type FunctionSize,
  historyPerMillionWrites,
  logIngestionPerMillion,
  type RequestUnits,
  requestUnits,
  usd,
} from './bill.js';
import type { HistoryWarmResult } from './history-warm.js';
import { type PriceSheet, pricesNote } from './prices.js';
import { table } from './report.js';
import { median, ms } from './stats.js';
import type { WarmResult, WarmSeries } from './warm.js';

// The bill per million requests of each operation the warm run measured, at the template's size.

export type WarmOperation = keyof WarmResult['handler'];

/** The event format a row's duration was measured with: API Gateway REST (v1), or HTTP API / function URL (payload 2.0). */
export type EventFormat = 'v1' | 'v2';

export interface BillLine extends BillRow {
  /** The events whose warm p50 `durationMs` is. */
  durationFrom: EventFormat;
}

export interface BillOperation {
  operation: string;
  /** DynamoDB capacity per request, by DynamoDB operation, as the function's metrics reported it. */
  capacityUnits: Record<string, number>;
  units: RequestUnits;
  /** Bytes the function wrote to its log per request, and what CloudWatch Logs would charge for them (left out of the total). */
  logBytes: number;
  logsPerMillion: number;
  /** A write's history, when it keeps one: included in `lines`' totals at one record per invocation. */
  history?: HistoryBill;
  lines: BillLine[];
}

/** What HistoryFunction costs per million writes, at each size of batch measured. */
export interface HistoryBill {
  function: FunctionSize & { logicalId: string };
  /** One record per invocation (low traffic: the upper bound, in the lines' totals), then a full batch (under load). */
  bounds: HistoryBound[];
}

export interface HistoryBound extends ConsumerCost {
  /** Invocations measured at this size of batch. */
  invocations: number;
  /** The history PutItem's capacity per record, by operation, as DynamoDB reported it for the replays. */
  capacityUnits: Record<string, number>;
  units: RequestUnits;
  /** Bytes the consumer logged per record (left out of the total, as the API's are). */
  logBytesPerRecord: number;
  /** The operation's totals, by front, with this bound's history in place of the lines'. */
  totals: Record<Front, number>;
}

export interface Bill {
  prices: PriceSheet;
  function: FunctionSize & { logicalId: string };
  operations: BillOperation[];
}

/**
 * The function's memory and architecture as the template gives them (its own properties, else the
 * Globals'), which Lambda's duration price depends on.
 */
export async function functionSize(templateFile: string, logicalId: string): Promise<FunctionSize & { logicalId: string }> {
  type Properties = { MemorySize?: unknown; Architectures?: unknown };
  const template = parseCloudFormationYaml(await readFile(templateFile, 'utf8')) as {
    Globals?: { Function?: Properties };
    Resources?: Record<string, { Properties?: Properties }>;
  };
  const own = template.Resources?.[logicalId]?.Properties ?? {};
  const globals = template.Globals?.Function ?? {};
  // Lambda's own defaults: 128 MB on x86_64.
  const memoryMb = own.MemorySize ?? globals.MemorySize ?? 128;
  const architectures = own.Architectures ?? globals.Architectures ?? ['x86_64'];
  const architecture = Array.isArray(architectures) ? architectures[0] : undefined;
  if (typeof memoryMb !== 'number' || (architecture !== 'arm64' && architecture !== 'x86_64'))
    throw new Error(
      `${logicalId}'s MemorySize (${JSON.stringify(memoryMb)}) or Architectures (${JSON.stringify(architectures)}) is not literal`,
    );
  return { logicalId, memoryMb, architecture: architecture as Architecture };
}

/**
 * The bill of each warm operation, one line per front, each front with the warm p50 of the events it
 * sends: the REST API's of `warm` (v1), the HTTP API's and the function URL's of `warm.httpApi`
 * (payload format 2.0, which both send). The DynamoDB units are the same for both formats (each checked
 * against the identical replays); each format's own request size is metered.
 */
export function billOf(
  warm: WarmResult,
  names: Record<WarmOperation, string>,
  size: Bill['function'],
  prices: PriceSheet,
  history?: { of: WarmOperation; function: Bill['function']; measured: HistoryWarmResult },
): Bill {
  const ops = Object.keys(names) as WarmOperation[];
  return {
    prices,
    function: size,
    operations: ops.map((op) => {
      const { capacityUnits, logBytes } = warm.consumed[op];
      const units = requestUnits(capacityUnits);
      const costs = history?.of === op ? historyCosts(history.measured, history.function, prices) : undefined;
      const lineOf = (front: Front, afterwards = 0): BillLine => {
        const [series, durationFrom]: [WarmSeries, EventFormat] = front === 'rest' ? [warm, 'v1'] : [warm.httpApi, 'v2'];
        const durationMs = median(series.handler[op]);
        const requestBytes = series.consumed[op].eventBytes;
        return { ...billRow(prices, { front, durationMs, units, requestBytes, afterwards, ...size }), durationFrom };
      };
      const totalsWith = (afterwards: number): Record<Front, number> =>
        Object.fromEntries(FRONTS.map((front) => [front, lineOf(front, afterwards).total])) as Record<Front, number>;
      return {
        operation: names[op],
        capacityUnits,
        units,
        logBytes,
        logsPerMillion: logIngestionPerMillion(prices, logBytes),
        ...(costs &&
          history && {
            history: { function: history.function, bounds: costs.map((cost) => ({ ...cost, totals: totalsWith(cost.total) })) },
          }),
        lines: FRONTS.map((front) => lineOf(front, costs?.[0]?.total)),
      };
    }),
  };
}

/** HistoryFunction's cost per million writes at each size of batch measured, one record per invocation first. */
function historyCosts(measured: HistoryWarmResult, size: FunctionSize, prices: PriceSheet): Omit<HistoryBound, 'totals'>[] {
  const series = [...measured.series].sort((a, b) => a.recordsPerInvocation - b.recordsPerInvocation);
  if (series[0]?.recordsPerInvocation !== 1) throw new Error('The history was not measured at one record per invocation');
  return series.map((s) => {
    const units = requestUnits(s.capacityUnits);
    return {
      ...historyPerMillionWrites(prices, { recordsPerInvocation: s.recordsPerInvocation, durationMs: median(s.handlerMs), units, ...size }),
      invocations: s.handlerMs.length,
      capacityUnits: s.capacityUnits,
      units,
      logBytesPerRecord: s.logBytes / s.recordsPerInvocation,
    };
  });
}

/** REST's total as a multiple of the HTTP API's, for one operation. */
export function restOverHttp(operation: BillOperation): number {
  const total = (front: Front): number => operation.lines.find((line) => line.front === front)!.total;
  return total('rest') / total('http');
}

function unitsCell({ read, write }: RequestUnits): string {
  const parts = [read > 0 && `${+read.toFixed(2)} read`, write > 0 && `${+write.toFixed(2)} write`].filter(Boolean);
  return parts.join(' + ') || 'none';
}

export function renderBill(bill: Bill, itemShape?: string): string {
  const { prices, function: size } = bill;
  const rows = bill.operations.flatMap((op) =>
    op.lines.map((line, i) => [
      i === 0 ? op.operation : '',
      FRONT_NAMES[line.front],
      `${ms(line.durationMs, 2)} → ${line.billedMs} ms`,
      usd(line.apiGateway),
      usd(line.lambda),
      i === 0 ? unitsCell(op.units) : '',
      usd(line.dynamoDb),
      op.history ? usd(line.afterwards) : '–',
      usd(line.total),
      line.front === 'http' ? '1.00×' : `${(line.total / op.lines.find((l) => l.front === 'http')!.total).toFixed(2)}×`,
    ]),
  );
  const withHistory = bill.operations.filter((op) => op.history);
  return [
    table(
      `What a million requests cost (USD, ${prices.region}, ${size.logicalId} on ${size.architecture} at ${size.memoryMb} MB as the template deploys it): ` +
        "API Gateway + Lambda (requests, and the warm p50 billed rounded up to the ms) + DynamoDB on demand + a write's history (below)",
      ['operation', 'in front', 'p50 → billed', 'API Gateway', 'Lambda', 'DynamoDB units', 'DynamoDB', 'history', 'total', '× HTTP API'],
      rows,
    ),
    ...(itemShape ? [`Item measured: ${itemShape}.`] : []),
    ...withHistory.map((op) => renderHistory(op.operation, op.history!)),
    pricesNote(prices),
    "Duration: the handler's warm p50 in the run above (the whole invocation, DynamoDB wait included), on this machine against DynamoDB Local; " +
      `on Lambda at ${size.memoryMb} MB (a fraction of a vCPU) it is longer. ` +
      'REST API rows: the p50 of REST API (v1) events; HTTP API and function URL rows: of payload format 2.0 events (both send it), ' +
      'alternating with the v1 ones in blocks of ten.',
    "DynamoDB units: per request, as the function's own metrics (EMF) report DynamoDB's ConsumedCapacity, checked equal to what the identical " +
      'replayed request was reported; DynamoDB Local reports capacity units, which on an on-demand table are the request units billed.',
    `Left out: free tiers, data transfer, X-Ray, cold starts' INIT time, and CloudWatch Logs, which at $${prices.cloudWatchLogs.ingestionPerGb.toFixed(2)}/GB ingested ` +
      "would add, for what the function itself writes (Lambda's START/END/REPORT lines aside): " +
      bill.operations.map((op) => `${op.operation} ${op.logBytes.toFixed(0)} B → ${usd(op.logsPerMillion)}`).join(', ') +
      '.',
    `REST against HTTP API (total): ${bill.operations.map((op) => `${op.operation} ${restOverHttp(op).toFixed(2)}×`).join(', ')}` +
      withHistory
        .flatMap((op) =>
          op
            .history!.bounds.slice(1)
            .map(
              (b) =>
                `; ${op.operation} at ${b.recordsPerInvocation} records per history invocation ${(b.totals.rest / b.totals.http).toFixed(2)}×`,
            ),
        )
        .join('') +
      '.',
  ].join('\n');
}

/** The history's own table: what each write's stream record costs at each size of batch measured. */
function renderHistory(operation: string, history: HistoryBill): string {
  const { function: fn, bounds } = history;
  const rows = bounds.map((b) => [
    b.recordsPerInvocation === 1
      ? '1 (low traffic; in the total above)'
      : `${b.recordsPerInvocation} (the mapping's BatchSize, under load)`,
    String(b.invocations),
    `${ms(b.durationMs, 2)} → ${b.billedMs} ms`,
    usd(b.lambdaRequests),
    usd(b.lambdaDuration),
    unitsCell(b.units),
    usd(b.dynamoDb),
    b.streamReads === 0 ? 'free' : usd(b.streamReads),
    usd(b.total),
    FRONTS.map((front) => usd(b.totals[front])).join(' / '),
  ]);
  return [
    table(
      `The history of each ${operation} (USD per million writes): its stream record → ${fn.logicalId} (${fn.architecture}, ${fn.memoryMb} MB; ` +
        'one invocation per batch, its request and billed duration shared by the batch) → one conditional PutItem on the history table',
      [
        'records per invocation',
        'invocations',
        'p50 → billed',
        'Lambda requests',
        'Lambda duration',
        'PutItem units',
        'DynamoDB',
        'stream reads',
        'history',
        'total REST / HTTP / URL',
      ],
      rows,
    ),
    `History: ${fn.logicalId}'s warm p50 per invocation (the whole batch, each record's INSERT of an item of its own, every PutItem awaited) ` +
      "measured in one process of its zip and the layer, on this machine against DynamoDB Local (a floor, as the API's); the PutItem's units as DynamoDB reported them for " +
      "the consumer's own requests replayed with ReturnConsumedCapacity (its client asks for none), one PutItem per record checked. " +
      'Stream reads: GetRecords made by a Lambda trigger are not charged (AWS DynamoDB pricing page). Assumed, not measured: ' +
      `how many records an invocation gets on AWS (1 when writes are sparse; up to ${bounds.at(-1)!.recordsPerInvocation} when they come faster ` +
      "than the mapping polls the stream); retries of failed batches. The consumer's own log output " +
      `(${bounds.map((b) => `${b.logBytesPerRecord.toFixed(0)} B per record at ${b.recordsPerInvocation}`).join(', ')}) is left out, as the API's is.`,
  ].join('\n');
}
