import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import type { Fields, VersionCondition } from './record.js';
import { isDynamoDbError, toStoreError } from './store-errors.js';
import { transactWrite } from './transaction.js';
import { writeCondition } from './version-condition.js';
import { leftBy, newWriteToken, WRITE_TOKEN_ATTRIBUTE } from './write-token.js';

export interface VersionedWrite {
  client: DynamoDbClient;
  tableName: string;
  entity: string;
  id: string;
  ifMatch?: VersionCondition | undefined;
}

/** An update's expression with its names and (plain) values. */
export interface UpdateParts {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * What a replace sets: `fields`, `updatedAt` and the next version. A field left undefined is removed (a
 * replace leaves nothing of the fields it was not given); `id` and `createdAt` stay as created.
 */
export function replaceUpdate(fields: Fields, updatedAt: string, extra: Record<string, unknown> = {}): UpdateParts {
  const all = { ...fields, ...extra };
  const named = Object.keys(all).map((name, i) => [`#f${i}`, `:f${i}`, name] as const);
  const set = named.filter(([, , field]) => all[field] !== undefined);
  const removed = named.filter(([, , field]) => all[field] === undefined);
  return {
    expression:
      `SET ${[...set.map(([name, value]) => `${name} = ${value}`), '#updatedAt = :updatedAt', '#version = if_not_exists(#version, :one) + :one'].join(', ')}` +
      (removed.length > 0 ? ` REMOVE ${removed.map(([name]) => name).join(', ')}` : ''),
    names: { ...Object.fromEntries(named.map(([name, , field]) => [name, field])), '#updatedAt': 'updatedAt', '#version': 'version' },
    values: { ...Object.fromEntries(set.map(([, value, field]) => [value, all[field]])), ':updatedAt': updatedAt, ':one': 1 },
  };
}

/**
 * Replaces the fields of an existing record and moves its version on, in one conditional UpdateItem:
 * never creates, and with `ifMatch` only at one of those versions. Its write token makes the client's
 * retry of a replace that committed, whose answer was lost, the success it was rather than a 412 (or,
 * without `ifMatch`, a second bump). Returns the record as stored after the write.
 * @throws NotFoundError, PreconditionFailedError (the condition failed), StoreUnavailableError, StoreFailureError
 */
export async function replaceVersioned({
  client,
  tableName,
  id,
  entity,
  ifMatch,
  fields,
  updatedAt,
}: VersionedWrite & { fields: Fields; updatedAt: string }): Promise<Record<string, unknown>> {
  const condition = writeCondition(entity, id, ifMatch);
  const token = newWriteToken();
  const update = replaceUpdate(fields, updatedAt, { [WRITE_TOKEN_ATTRIBUTE]: token });
  try {
    const result = await client.call<{ Attributes?: AttributeMap }>('UpdateItem', {
      TableName: tableName,
      Key: toAttributes({ id }),
      UpdateExpression: update.expression,
      ConditionExpression: `${condition.expression} AND (attribute_not_exists(#writeToken) OR #writeToken <> :writeToken)`,
      ExpressionAttributeNames: { ...update.names, ...condition.names, '#writeToken': WRITE_TOKEN_ATTRIBUTE },
      ExpressionAttributeValues: toAttributes({ ...update.values, ...condition.values, ':writeToken': token }),
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    return fromAttributes(result.Attributes ?? {});
  } catch (error) {
    if (!isDynamoDbError(error, 'ConditionalCheckFailedException')) throw toStoreError(error);
    if (leftBy(error.item, token)) return fromAttributes(error.item);
    throw condition.failure();
  }
}

/**
 * Deletes an existing record, with `ifMatch` only at one of those versions. A transaction of one item
 * rather than a DeleteItem (twice the write units): a deleted record leaves nothing to recognise a
 * retry by, but the transaction's `ClientRequestToken` does, so the client's retry of a delete that
 * committed is the success it was, not a 404.
 * @throws NotFoundError, PreconditionFailedError (the condition failed), StoreUnavailableError, StoreFailureError
 */
export async function deleteVersioned({ client, tableName, entity, id, ifMatch }: VersionedWrite): Promise<void> {
  const condition = writeCondition(entity, id, ifMatch);
  const failed = await transactWrite(client, [
    {
      Delete: {
        TableName: tableName,
        Key: toAttributes({ id }),
        ConditionExpression: condition.expression,
        ...(Object.keys(condition.names).length > 0 && { ExpressionAttributeNames: condition.names }),
        ...(Object.keys(condition.values).length > 0 && { ExpressionAttributeValues: toAttributes(condition.values) }),
      },
    },
  ]);
  if (failed.length > 0) throw condition.failure();
}
