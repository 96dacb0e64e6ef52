import { parseArgs } from 'node:util';
import { count } from './seed-progress.js';

// The command line of `npm run seed`.

const MAX_SEED_COUNT = 1_000_000;
export const SEED_USAGE = `Usage: npm run seed -- [--resource NAME] --count N

Writes N sample records of a resource (1 to ${count(MAX_SEED_COUNT)}), made by its declared \`sample\`,
through the store's batch path: BatchWriteItem, 25 records a call, 4 calls in flight, unprocessed
records sent again with backoff. A resource with unique fields is written one conditional transaction
a record instead (a batch write cannot be conditional): slower, and every value stays unique.

Where: the DynamoDB that AWS_ENDPOINT_URL_DYNAMODB names, in the resource's table (the variable its
declaration names, by default the resource's name); otherwise npm start's DynamoDB Local on
127.0.0.1:DYNAMODB_LOCAL_PORT (default 8765) — the one running, or one started for the load on its
data directory (.data/dynamodb) and stopped after.

Options:
  -r, --resource NAME   which resource (required when the API serves more than one)
  -n, --count N         how many records to write (required)
  -h, --help            this text
`;

/** A command line that cannot be run: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type SeedArgs = { help: true } | { help: false; count: number; resource: string };

/** The command line, `resources` being the names of the resources the API serves. */
export function parseSeedArgs(argv: readonly string[], resources: readonly string[]): SeedArgs {
  let values: { count?: string | undefined; resource?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: negativeValuesJoined(argv),
      options: {
        count: { type: 'string', short: 'n' },
        resource: { type: 'string', short: 'r' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { help: true };
  const resource = values.resource ?? (resources.length === 1 ? resources[0] : undefined);
  const served = resources.join(', ');
  if (resource === undefined) throw new UsageError(`--resource is required: which of ${served} to write.`);
  if (!resources.includes(resource))
    throw new UsageError(`--resource ${JSON.stringify(resource)} is not a resource of this API; it serves ${served}.`);
  if (values.count === undefined) throw new UsageError('--count is required: how many records to write, e.g. --count 1000.');
  const text = values.count.trim();
  const items = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(items) || items < 1 || items > MAX_SEED_COUNT) {
    throw new UsageError(`--count takes a whole number from 1 to ${count(MAX_SEED_COUNT)}, not ${JSON.stringify(values.count)}.`);
  }
  return { help: false, count: items, resource };
}

/** `--count -1` read as `--count=-1`, so that it is refused as a count, not as an unknown option. */
function negativeValuesJoined(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const next = argv[i + 1];
    if ((argv[i] === '--count' || argv[i] === '-n') && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`--count=${next}`);
      i += 1;
    } else {
      args.push(argv[i]!);
    }
  }
  return args;
}
