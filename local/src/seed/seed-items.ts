import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { type CapacityUsage, createDynamoDbClient, DynamoDbRecordLoader, environmentCredentials } from '@items-api/dynamodb-records';
import { items } from '@items-api/function/resources';
import { STAND_IN_REGION } from '../dynamodb-local/stand-in-aws.js';
import { count, duration, type SeedProgress } from './seed-progress.js';
import type { SeedTarget } from './seed-target.js';

// The load of `npm run seed`: sample items through the store's batch path, and what it cost.

/** Items made and handed to the store at a time, so that a million never sit in memory at once. */
const SLICE_SIZE = 5_000;

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
 * Writes `total` sample items (the resource's own `sample`) into `target` with the record loader's
 * `createMany`, a slice at a time,
 * telling `progress` as items are stored. Never throws for a failed write: the result says how far it got.
 */
export async function seedItems(
  target: Pick<SeedTarget, 'endpoint' | 'tableName'>,
  total: number,
  progress?: SeedProgress,
  region: string | undefined = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
): Promise<SeedResult> {
  const capacity = new CapacityTally();
  // A real table's region and credentials as the AWS CLI finds them (variables, profile, SSO); DynamoDB Local's region otherwise.
  const client = createDynamoDbClient(
    { endpoint: target.endpoint, region: region ?? STAND_IN_REGION, credentials: environmentCredentials() },
    { onConsumedCapacity: capacity.record, credentials: defaultProvider() },
  );
  const loader = new DynamoDbRecordLoader(items.declaration, { client, tableName: target.tableName });
  const result: SeedResult = { written: 0, retried: 0, elapsedMs: 0, capacity };
  const started = performance.now();
  try {
    for (let first = 1; first <= total; first += SLICE_SIZE) {
      const slice = Array.from({ length: Math.min(SLICE_SIZE, total - first + 1) }, (_, i) => items.sample(first + i, Math.random));
      await loader.createMany(slice, {
        onWritten: (items) => {
          result.written += items;
          progress?.update(result.written);
        },
        onUnprocessed: (items) => (result.retried += items),
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

export function seedSummary(result: SeedResult, total: number, where: string): string {
  const seconds = result.elapsedMs / 1000;
  const perOperation = [...result.capacity.byOperation].map(([operation, units]) => `${operation} ${count(units)} WCU`).join(', ');
  const headline =
    result.error === undefined
      ? `Wrote ${count(result.written)} items into ${where}.`
      : `Stopped after ${count(result.written)} of ${count(total)} items, written into ${where}: ${describe(result.error)}`;
  return [
    headline,
    `  items      ${count(result.written)}`,
    `  elapsed    ${duration(result.elapsedMs)}`,
    `  rate       ${count(Math.round(seconds > 0 ? result.written / seconds : 0))} items/s`,
    `  capacity   ${count(result.capacity.total)} WCU consumed${perOperation ? ` (${perOperation})` : ''}`,
    `  retried    ${count(result.retried)} unprocessed items`,
    '',
  ].join('\n');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.name}: ${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
