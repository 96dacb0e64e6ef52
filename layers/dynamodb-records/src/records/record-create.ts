import { toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { ConflictError, UniqueFieldTakenError } from './errors.js';
import type { Fields, StoredRecord } from './record.js';
import { isDynamoDbError, toStoreError } from './store-errors.js';
import { transactWrite } from './transaction.js';
import { type Claim, claimPut } from './unique-claims.js';
import { sameItem } from './write-token.js';

export interface RecordCreate {
  client: DynamoDbClient;
  entity: string;
  tableName: string;
  /** Where claims are kept; needed only when there are claims. */
  keysTableName?: string | undefined;
  record: StoredRecord<Fields>;
  /** The values of unique fields `record` takes (see `Claim`). */
  claims: readonly Claim[];
}

/**
 * Writes a new record, never over another: one conditional PutItem, or, when it claims unique values,
 * one transaction of the record and its claims. Either way a retry of a write that committed but whose
 * answer was lost is a success (the record found is the one sent; the transaction's `ClientRequestToken`).
 * @throws ConflictError (the id is taken), UniqueFieldTakenError, StoreUnavailableError, StoreFailureError
 */
export async function createRecord({ client, entity, tableName, keysTableName, record, claims }: RecordCreate): Promise<void> {
  if (claims.length === 0) {
    const item = toAttributes(record);
    try {
      await client.call('PutItem', {
        TableName: tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    } catch (error) {
      if (!isDynamoDbError(error, 'ConditionalCheckFailedException')) throw toStoreError(error);
      // A new record needs no write token: its id is fresh, so the very record sent standing there is
      // this create's own, committed by an attempt whose answer was lost.
      if (!sameItem(error.item, item)) throw new ConflictError(entity, record.id);
    }
    return;
  }
  const failed = await transactWrite(client, [
    { Put: { TableName: tableName, Item: toAttributes(record), ConditionExpression: 'attribute_not_exists(id)' } },
    ...claims.map((claim) => claimPut(keysTableName!, claim, record.id)),
  ]);
  if (failed.includes(0)) throw new ConflictError(entity, record.id);
  if (failed.length > 0) throw new UniqueFieldTakenError(entity, claims[failed[0]! - 1]!.field);
}
