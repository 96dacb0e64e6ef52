import { type AttributeMap, fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import type { Fields, VersionCondition } from './record.js';
import { storeCall } from './store-errors.js';
import { writeCondition } from './version-condition.js';

interface VersionedWrite {
  client: DynamoDbClient;
  tableName: string;
  entity: string;
  id: string;
  ifMatch?: VersionCondition | undefined;
}

/**
 * Sets `fields` and `updatedAt` on an existing record and moves its version on, in one conditional
 * UpdateItem: never creates, and with `ifMatch` only at one of those versions. A field left undefined
 * is removed (a replace leaves nothing of the fields it was not given). `id` and `createdAt` stay as
 * created. Returns the record as stored after the write.
 * @throws NotFoundError, PreconditionFailedError (the condition failed), or what `storeCall` throws
 */
export async function replaceVersioned({
  client,
  tableName,
  entity,
  id,
  ifMatch,
  fields,
  updatedAt,
}: VersionedWrite & { fields: Fields; updatedAt: string }) {
  const condition = writeCondition(entity, id, ifMatch);
  const named = Object.keys(fields).map((name, i) => [`#f${i}`, `:f${i}`, name] as const);
  const set = named.filter(([, , field]) => fields[field] !== undefined);
  const removed = named.filter(([, , field]) => fields[field] === undefined);
  const result = await storeCall(
    client.call<{ Attributes?: AttributeMap }>('UpdateItem', {
      TableName: tableName,
      Key: toAttributes({ id }),
      UpdateExpression:
        `SET ${[...set.map(([name, value]) => `${name} = ${value}`), '#updatedAt = :updatedAt', '#version = if_not_exists(#version, :one) + :one'].join(', ')}` +
        (removed.length > 0 ? ` REMOVE ${removed.map(([name]) => name).join(', ')}` : ''),
      ConditionExpression: condition.expression,
      ExpressionAttributeNames: {
        ...Object.fromEntries(named.map(([name, , field]) => [name, field])),
        '#updatedAt': 'updatedAt',
        '#version': 'version',
      },
      ExpressionAttributeValues: toAttributes({
        ...Object.fromEntries(set.map(([, value, field]) => [value, fields[field]])),
        ':updatedAt': updatedAt,
        ':one': 1,
        ...condition.values,
      }),
      ReturnValues: 'ALL_NEW',
    }),
    condition.failure,
  );
  return fromAttributes(result.Attributes ?? {});
}

/**
 * Deletes an existing record in one conditional DeleteItem, with `ifMatch` only at one of those versions.
 * @throws NotFoundError, PreconditionFailedError (the condition failed), or what `storeCall` throws
 */
export async function deleteVersioned({ client, tableName, entity, id, ifMatch }: VersionedWrite): Promise<void> {
  const condition = writeCondition(entity, id, ifMatch);
  await storeCall(
    client.call('DeleteItem', {
      TableName: tableName,
      Key: toAttributes({ id }),
      ConditionExpression: condition.expression,
      ...(Object.keys(condition.names).length > 0 && { ExpressionAttributeNames: condition.names }),
      ...(Object.keys(condition.values).length > 0 && { ExpressionAttributeValues: toAttributes(condition.values) }),
    }),
    condition.failure,
  );
}
