// @ts-check
// The bare job: the least any function can do to answer GET /items/{id} from DynamoDB. Node's own
// `node:http` and `node:crypto` only: one GetItem, signed with SigV4 by hand, its item returned as the
// API Gateway proxy response. No framework, no validation, no logging, no retries: the limit of the
// job itself, against which the benchmark sets the function's cold start. Its request is
// `dynamodb-request.mjs`'s, bundled with it into one module, written as a natural ES module would be
// (on Node 22 and later, importing `node:http` as a module also loads Node's fetch implementation,
// through its `WebSocket` export: part of the floor for any ES module that uses it).
import { dynamoDb } from './dynamodb-request.mjs';

const env = process.env;

/** @param {{ path: string }} event */
export const handler = async (event) => {
  const id = event.path.split('/').pop();
  const { Item } = await dynamoDb('GetItem', { TableName: env.TABLE_NAME, Key: { id: { S: id } }, ConsistentRead: true });
  if (!Item) return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"detail":"Item not found"}' };
  const item = Object.fromEntries(Object.entries(Item).map(([name, value]) => [name, 'N' in value ? Number(value.N) : value.S]));
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(item) };
};
