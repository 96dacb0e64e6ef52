import { fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { ConflictError, IdempotencyKeyReusedError, StoreUnavailableError, UniqueFieldTakenError } from './errors.js';
import type { Fields, StoredRecord } from './record.js';
import { storeCall } from './store-errors.js';
import { IDEMPOTENCY_EXPIRY_ATTRIBUTE } from './table-definition.js';
import { transactWrite } from './transaction.js';
import { type Claim, claimPut } from './unique-claims.js';

/** How long an idempotency key is remembered: a day, as long as any client retries. */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 60 * 60;
/** Attempts when a key's record expires between a failed create and its read. */
const ATTEMPTS = 3;

export interface IdempotentCreate<F extends Fields> {
  client: DynamoDbClient;
  entity: string;
  tableName: string;
  /** Where each key's record is kept (hash key `key`, TTL on `expiresAt`), and the claims of unique values. */
  keysTableName: string;
  key: string;
  /** The client's fields, as the key's record keeps them to compare a repeat with. */
  input: F;
  /** A new record for these fields, made at `now`. */
  newRecord: (now: Date) => StoredRecord<F>;
  /** The values of unique fields a record of these fields claims (none by default). */
  claims?: readonly Claim[];
  /** The record as the key's record kept it, read back as the store reads records. */
  toRecord: (attributes: Record<string, unknown>) => StoredRecord<F>;
  now: () => Date;
}

/**
 * Creates a record at most once per key while the key lives. The record, the key's record and the
 * record's claims are written in one transaction, each on the condition that it is new (or, for the
 * key, expired): two requests with one key can never both create. The loser reads the key's record and
 * answers as the first request did (`replayed`), or refuses when its fields differ. The transaction's
 * `ClientRequestToken` makes a retry of a create that committed, whose answer was lost, a plain success.
 * @throws IdempotencyKeyReusedError, ConflictError, UniqueFieldTakenError, StoreUnavailableError, StoreFailureError
 */
export async function createIdempotently<F extends Fields>(
  create: IdempotentCreate<F>,
): Promise<{ item: StoredRecord<F>; replayed: boolean }> {
  const { client, entity, tableName, keysTableName, input, claims = [] } = create;
  // One table keeps the keys of every entity: a key is the client's within one entity's creates only.
  const key = scopedKey(entity, create.key);
  for (let attempt = 1; ; attempt += 1) {
    const now = create.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const record = create.newRecord(now);
    const failed = await transactWrite(client, [
      { Put: { TableName: tableName, Item: toAttributes(record), ConditionExpression: 'attribute_not_exists(id)' } },
      {
        Put: {
          TableName: keysTableName,
          Item: toAttributes({
            key,
            input,
            item: record,
            [IDEMPOTENCY_EXPIRY_ATTRIBUTE]: nowSeconds + IDEMPOTENCY_KEY_LIFETIME_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(#key) OR #expiresAt < :now',
          ExpressionAttributeNames: { '#key': 'key', '#expiresAt': IDEMPOTENCY_EXPIRY_ATTRIBUTE },
          ExpressionAttributeValues: toAttributes({ ':now': nowSeconds }),
        },
      },
      ...claims.map((claim) => claimPut(keysTableName, claim, record.id)),
    ]);
    if (failed.length === 0) return { item: record, replayed: false };
    if (failed.includes(1)) {
      const first = await keyRecord(client, keysTableName, key, nowSeconds);
      if (first) {
        if (!sameFields(first.input, input)) throw new IdempotencyKeyReusedError(entity);
        return { item: create.toRecord(first.item), replayed: true };
      }
      // Else the key's record expired in between: try again.
      if (attempt >= ATTEMPTS) throw new StoreUnavailableError({ cause: new Error(`Idempotency key ${key} kept expiring.`) });
    } else if (failed.includes(0)) {
      throw new ConflictError(entity, record.id);
    } else {
      throw new UniqueFieldTakenError(entity, claims[failed[0]! - 2]!.field);
    }
  }
}

async function keyRecord(client: DynamoDbClient, table: string, key: string, nowSeconds: number) {
  const result = await storeCall(
    client.call<{ Item?: Record<string, unknown> }>('GetItem', { TableName: table, Key: toAttributes({ key }), ConsistentRead: true }),
  );
  const record = result.Item && fromAttributes(result.Item);
  if (!record || Number(record[IDEMPOTENCY_EXPIRY_ATTRIBUTE]) < nowSeconds) return undefined;
  return { input: record.input as Fields, item: record.item as Record<string, unknown> };
}

/** How a key is kept in the idempotency table: `Order#<the client's key>`. */
export function scopedKey(entity: string, key: string): string {
  return `${entity}#${key}`;
}

/** The same fields with the same values (the key's record keeps only the client's fields). */
function sameFields(a: Fields, b: Fields): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].every((name) => JSON.stringify(a[name]) === JSON.stringify(b[name]));
}
