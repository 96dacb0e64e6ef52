// @ts-check
// The bare consumer: the least any function can do to keep an item's history from its table's stream.
// Node's own `node:http` and `node:crypto` only: for each INSERT record of the batch, the same
// conditional PutItem of the same history item as HistoryFunction's store makes (the entry under
// `items#<id>` / its zero-padded version, the record without its write token, a token beside it),
// signed with SigV4 by hand; answered as a batch with no failure. No validation, logging, retries or
// MODIFY/REMOVE: the limit of the job the benchmark times, against which HistoryFunction's cold start
// is set. Its request is `dynamodb-request.mjs`'s, bundled with it into one module, as `index.mjs`'s is.
import { randomUUID } from 'node:crypto';
import { dynamoDb } from './dynamodb-request.mjs';

const env = process.env;
// What the store sets on every write: not among an entry's changed fields (as `historyEntryOf`).
const SERVER_ATTRIBUTES = new Set(['id', 'version', 'createdAt', 'updatedAt', 'writeToken']);

/** @param {{ Records: { eventName: string, eventSourceARN: string, dynamodb: { NewImage: Record<string, any> } }[] }} event */
export const handler = async (event) => {
  for (const { eventName, eventSourceARN, dynamodb } of event.Records) {
    // Which resource's record it is, as the consumer knows it: by the table its stream belongs to.
    if (eventName !== 'INSERT' || eventSourceARN.split('/')[1] !== env.TABLE_NAME) throw new Error(`Not an INSERT of ${env.TABLE_NAME}`);
    const { writeToken: _token, ...record } = dynamodb.NewImage;
    const changed = Object.keys(record)
      .filter((name) => !SERVER_ATTRIBUTES.has(name))
      .sort();
    await dynamoDb('PutItem', {
      TableName: env.HISTORY_TABLE_NAME,
      Item: {
        recordKey: { S: `items#${record.id.S}` },
        change: { S: record.version.N.padStart(12, '0') },
        resource: { S: 'items' },
        id: record.id,
        version: record.version,
        type: { S: 'created' },
        at: record.updatedAt,
        record: { M: record },
        changed: { L: changed.map((name) => ({ S: name })) },
        writeToken: { S: randomUUID() },
      },
      ConditionExpression: 'attribute_not_exists(#recordKey)',
      ExpressionAttributeNames: { '#recordKey': 'recordKey' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }
  return { batchItemFailures: [] };
};
