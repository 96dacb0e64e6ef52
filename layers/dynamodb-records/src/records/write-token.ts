import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type AttributeMap, fromAttributes } from '../dynamodb/attribute-values.js';

/**
 * The attribute that keeps the token of the last replace of a record (never returned to clients). A write sends a fresh token and asks DynamoDB, should its condition fail, what stands there
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`): when it is its own token, the failure is the
 * client's retry of a write that committed but whose answer was lost, and the write is a success.
 */
export const WRITE_TOKEN_ATTRIBUTE = 'writeToken';

export function newWriteToken(): string {
  return randomUUID();
}

/** Whether `item` (what stood where a write failed its condition) was left by the write with `token`. */
export function leftBy(item: AttributeMap | undefined, token: string): item is AttributeMap {
  return item !== undefined && fromAttributes(item)[WRITE_TOKEN_ATTRIBUTE] === token;
}

/** Whether `item` (what stood where a write failed its condition) is exactly `sent`. */
export function sameItem(item: AttributeMap | undefined, sent: AttributeMap): boolean {
  return item !== undefined && isDeepStrictEqual(fromAttributes(item), fromAttributes(sent));
}
