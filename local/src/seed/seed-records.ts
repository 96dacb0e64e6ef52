import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { STAND_IN_REGION } from '@items-api/dynamodb-local/stand-in-aws';
import {
  type CapacityUsage,
  createDynamoDbClient,
  type DynamoDbClient,
  DynamoDbRecordLoader,
  DynamoDbRecordStore,
  environmentCredentials,
  type Fields,
  stringSetting,
} from '@items-api/dynamodb-records';
import { type ResourceTable, withComputedFields } from '@items-api/function/resources';
import { count, duration, type SeedProgress } from './seed-progress.js';
import type { SeedTarget } from './seed-target.js';

// The load of `npm run seed`: a resource's sample records through the store's batch path (or, for a
// resource with unique fields, its conditional creates), and what it cost.

/** Records made and handed to the store at a time, so that a million never sit in memory at once. */
const SLICE_SIZE = 5_000;
/** Conditional creates in flight at once, for a resource with unique fields. */
const CREATES_IN_FLIGHT = 8;

/** Consumed capacity summed, in all and per DynamoDB operation. */
export class CapacityTally {
  total = 0;
  readonly byOperation = new Map<string, number>();

  readonly record = ({ operation, capacityUnits }: CapacityUsage): void => {
    this.total += capacityUnits;
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + capacityUnits);
  };
}

export interface SeedResult {
  written: number;
  /** Items DynamoDB left unprocessed (or throttled) and the store sent again, counted each time. */
  retried: number;
  elapsedMs: number;
  capacity: CapacityTally;
  /** Set when the load stopped before its end. */
  error?: unknown;
}

/**
 * Writes `total` sample records of `table`'s resource (its own `sample`, its computed fields derived)
 * into `target`, a slice at a time, telling `progress` as records are stored. Never throws for a
 * failed write: the result says how far it got.
 */
export async function seedRecords(
  target: Pick<SeedTarget, 'endpoint' | 'tableName' | 'idempotencyTableName'>,
  table: ResourceTable,
  total: number,
  progress?: SeedProgress,
  region: string | undefined = stringSetting(process.env, 'AWS_REGION') ?? stringSetting(process.env, 'AWS_DEFAULT_REGION'),
): Promise<SeedResult> {
  const capacity = new CapacityTally();
  // A real table's region and credentials as the AWS CLI finds them (variables, profile, SSO); DynamoDB Local's region otherwise.
  const client = createDynamoDbClient(
    { endpoint: target.endpoint, region: region ?? STAND_IN_REGION, credentials: environmentCredentials() },
    { onConsumedCapacity: capacity.record, credentials: defaultProvider() },
  );
  const write = writer(table, client, target);
  const result: SeedResult = { written: 0, retried: 0, elapsedMs: 0, capacity };
  const started = performance.now();
  try {
    for (let first = 1; first <= total; first += SLICE_SIZE) {
      const slice = Array.from({ length: Math.min(SLICE_SIZE, total - first + 1) }, (_, i) =>
        withComputedFields(table.resource, table.sample(first + i, Math.random)),
      );
      await write(slice, {
        onWritten: (records) => {
          result.written += records;
          progress?.update(result.written);
        },
        onUnprocessed: (records) => (result.retried += records),
      });
    }
  } catch (error) {
    result.error = error;
  } finally {
    result.elapsedMs = performance.now() - started;
    client.destroy();
  }
  return result;
}

type Write = (records: Fields[], on: { onWritten: (count: number) => void; onUnprocessed: (count: number) => void }) => Promise<void>;

/**
 * How records reach the table: in batches, unless the resource has unique fields, whose values only a
 * conditional transaction per record can claim (a batch write cannot be conditional).
 */
function writer(
  table: ResourceTable,
  client: DynamoDbClient,
  { tableName, idempotencyTableName }: Pick<SeedTarget, 'tableName' | 'idempotencyTableName'>,
): Write {
  const { declaration } = table;
  if (!declaration.unique?.length) {
    const loader = new DynamoDbRecordLoader<Fields>(declaration, { client, tableName });
    return async (records, on) => {
      await loader.createMany(records, on);
    };
  }
  const store = new DynamoDbRecordStore<Fields>(declaration, { client, tableName, idempotencyTableName });
  return async (records, { onWritten }) => {
    let next = 0;
    let failed = false;
    const createInTurn = async () => {
      // The first failure stops every worker: the load ends there, as a batch load does.
      while (!failed && next < records.length) {
        try {
          await store.create(records[next++]!);
        } catch (error) {
          failed = true;
          throw error;
        }
        onWritten(1);
      }
    };
    await Promise.all(Array.from({ length: CREATES_IN_FLIGHT }, createInTurn));
  };
}

/** What the summary says of a load of `total` records, called `noun` (the resource's name: `items`). */
export function seedSummary(result: SeedResult, total: number, where: string, noun: string): string {
  const seconds = result.elapsedMs / 1000;
  const perOperation = [...result.capacity.byOperation].map(([operation, units]) => `${operation} ${count(units)} WCU`).join(', ');
  const headline =
    result.error === undefined
      ? `Wrote ${count(result.written)} ${noun} into ${where}.`
      : `Stopped after ${count(result.written)} of ${count(total)} ${noun}, written into ${where}: ${describe(result.error)}`;
  return [
    headline,
    `  records    ${count(result.written)}`,
    `  elapsed    ${duration(result.elapsedMs)}`,
    `  rate       ${count(Math.round(seconds > 0 ? result.written / seconds : 0))} records/s`,
    `  capacity   ${count(result.capacity.total)} WCU consumed${perOperation ? ` (${perOperation})` : ''}`,
    `  retried    ${count(result.retried)} unprocessed records`,
    '',
  ].join('\n');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
