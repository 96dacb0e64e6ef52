import { toAttributes } from '../dynamodb/attribute-values.js';
import type { Fields, RecordDeclaration } from './record.js';
import type { TransactItem } from './transaction.js';

/**
 * A record's hold on one value of a field declared unique: an item of the keys table (the one that
 * keeps idempotency keys) keyed `unique#<Entity>#<field>#<value>`, owned by the record's id. A write
 * claims its values in the same transaction as the record, on the condition that no other record holds
 * them, so two records can never end up with one value, whatever the race. The `unique#` prefix keeps
 * claims apart from idempotency keys (`<Entity>#<client's key>`, an entity's name being capitalised),
 * so that no client's key can take a value or be mistaken for a claim.
 */
export interface Claim {
  field: string;
  key: string;
}

const CLAIM_PREFIX = 'unique#';

/** The claims of `record`: one per unique field it has a value for. */
export function claimsOf<F extends Fields>({ entity, unique = [] }: RecordDeclaration<F>, record: Fields): Claim[] {
  return unique.flatMap((field) => {
    const value = record[field];
    if (value === undefined || value === null) return [];
    return [{ field, key: `${CLAIM_PREFIX}${entity}#${field}#${typeof value === 'string' ? value : JSON.stringify(value)}` }];
  });
}

/** The claims `before` holds that `after` does not: what a replace releases. */
export function claimsLeft(before: readonly Claim[], after: readonly Claim[]): Claim[] {
  return before.filter((claim) => !after.some((other) => other.key === claim.key));
}

/**
 * Takes a value for `owner`, on the condition that no other record holds it: a new record's values,
 * and a replaced record's, whether they change or not (a record written before its field was declared
 * unique so gets its claim at its next replace).
 */
export function claimPut(keysTableName: string, claim: Claim, owner: string): TransactItem {
  return {
    Put: {
      TableName: keysTableName,
      Item: toAttributes({ key: claim.key, owner }),
      ConditionExpression: 'attribute_not_exists(#key) OR #owner = :owner',
      ExpressionAttributeNames: { '#key': 'key', '#owner': 'owner' },
      ExpressionAttributeValues: toAttributes({ ':owner': owner }),
    },
  };
}

/**
 * Gives up `owner`'s hold on a value; a hold that is another record's is never released (its condition
 * fails: the record held a value it never claimed, written before the field was declared unique).
 */
export function claimRelease(keysTableName: string, claim: Claim, owner: string): TransactItem {
  return {
    Delete: {
      TableName: keysTableName,
      Key: toAttributes({ key: claim.key }),
      ConditionExpression: 'attribute_not_exists(#key) OR #owner = :owner',
      ExpressionAttributeNames: { '#key': 'key', '#owner': 'owner' },
      ExpressionAttributeValues: toAttributes({ ':owner': owner }),
    },
  };
}
