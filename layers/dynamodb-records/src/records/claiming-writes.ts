import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import { PreconditionFailedError, StoreUnavailableError, UniqueFieldTakenError } from './errors.js';
import type { Fields, RecordDeclaration } from './record.js';
import { storeCall } from './store-errors.js';
import { transactWrite } from './transaction.js';
import { claimPut, claimRelease, claimsLeft, claimsOf } from './unique-claims.js';
import { writeCondition } from './version-condition.js';
import { replaceUpdate, type VersionedWrite } from './versioned-write.js';

// The replace and delete of records that hold unique values. Which claims a write moves depends on the
// values stored, so these read the record first, then write it and its claims in one transaction on the
// condition that it is still at the version read: a writer in between makes the transaction fail, and
// the write starts over from a fresh read. A value the record holds but another record has claimed (the
// record was written before the field was declared unique) is not the record's to release: the write
// starts over without releasing it, rather than failing for ever.

/** Reads, then writes, this many times before a record that keeps changing makes the store unavailable. */
const ATTEMPTS = 5;

export interface ClaimingWrite<F extends Fields> extends VersionedWrite {
  declaration: RecordDeclaration<F>;
  keysTableName: string;
}

/**
 * Replaces a record's fields, moving its claims to the new values of its unique fields.
 * @throws NotFoundError, PreconditionFailedError, UniqueFieldTakenError, StoreUnavailableError, StoreFailureError
 */
export async function replaceClaiming<F extends Fields>(
  write: ClaimingWrite<F> & { fields: Fields; updatedAt: string },
): Promise<Record<string, unknown>> {
  const { client, tableName, keysTableName, entity, id, declaration, fields, updatedAt } = write;
  const foreign = new Set<string>();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const current = await readMatching(write);
    const before = claimsOf(declaration, current.record);
    // Every value it will hold, kept ones too, so that a record older than its unique fields claims them now.
    const taken = claimsOf(declaration, fields);
    const released = claimsLeft(before, taken).filter(({ key }) => !foreign.has(key));
    const update = replaceUpdate(fields, updatedAt);
    const pinned = pinnedTo(current.version, current.versioned);
    const failed = await transactWrite(client, [
      {
        Update: {
          TableName: tableName,
          Key: toAttributes({ id }),
          UpdateExpression: update.expression,
          ConditionExpression: pinned.expression,
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: toAttributes({ ...update.values, ...pinned.values }),
        },
      },
      ...taken.map((claim) => claimPut(keysTableName, claim, id)),
      ...released.map((claim) => claimRelease(keysTableName, claim, id)),
    ]);
    if (failed.length === 0) return { ...current.record, ...fields, version: current.version + 1, updatedAt };
    if (failed.includes(0)) continue;
    const position = failed[0]! - 1;
    if (position < taken.length) throw new UniqueFieldTakenError(entity, taken[position]!.field);
    for (const at of failed) foreign.add(released[at - 1 - taken.length]!.key);
  }
  throw new StoreUnavailableError({ cause: new Error(`${entity} ${id} kept changing while it was replaced.`) });
}

/**
 * Deletes a record and releases its claims.
 * @throws NotFoundError, PreconditionFailedError, StoreUnavailableError, StoreFailureError
 */
export async function deleteReleasing<F extends Fields>(write: ClaimingWrite<F>): Promise<void> {
  const { client, tableName, keysTableName, entity, id, declaration } = write;
  const foreign = new Set<string>();
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const current = await readMatching(write);
    const released = claimsOf(declaration, current.record).filter(({ key }) => !foreign.has(key));
    const pinned = pinnedTo(current.version, current.versioned);
    const failed = await transactWrite(client, [
      {
        Delete: {
          TableName: tableName,
          Key: toAttributes({ id }),
          ConditionExpression: pinned.expression,
          ExpressionAttributeNames: { '#version': 'version' },
          ...(pinned.values[':read'] !== undefined && { ExpressionAttributeValues: toAttributes(pinned.values) }),
        },
      },
      ...released.map((claim) => claimRelease(keysTableName, claim, id)),
    ]);
    if (failed.length === 0) return;
    if (failed.includes(0)) continue;
    for (const at of failed) foreign.add(released[at - 1]!.key);
  }
  throw new StoreUnavailableError({ cause: new Error(`${entity} ${id} kept changing while it was deleted.`) });
}

/** The record as stored, when it exists and meets `ifMatch`; else the error the write would have met. */
async function readMatching<F extends Fields>({ client, tableName, entity, id, ifMatch }: ClaimingWrite<F>) {
  const condition = writeCondition(entity, id, ifMatch);
  const result = await storeCall(
    client.call<{ Item?: AttributeMap }>('GetItem', { TableName: tableName, Key: toAttributes({ id }), ConsistentRead: true }),
  );
  if (!result.Item) throw condition.failure();
  const record = fromAttributes(result.Item);
  const versioned = typeof record.version === 'number';
  const version = versioned ? (record.version as number) : 1;
  if (Array.isArray(ifMatch) && !ifMatch.includes(version)) throw new PreconditionFailedError(entity, id);
  return { record, version, versioned };
}

/** The condition that the record is still at the version read (a record older than versions has none). */
function pinnedTo(version: number, versioned: boolean) {
  return versioned
    ? { expression: 'attribute_exists(id) AND #version = :read', values: { ':read': version } as Record<string, number> }
    : { expression: 'attribute_exists(id) AND attribute_not_exists(#version)', values: {} as Record<string, number> };
}
