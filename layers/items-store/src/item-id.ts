import { randomUUID } from 'node:crypto';

// The store only ever issues lowercase UUIDs, so anything else names no item and needs no DynamoDB call
// (it would also fail DynamoDB's key size limit when long enough, which must not surface as a 500).
const ITEM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newItemId(): string {
  return randomUUID();
}

export function isItemId(value: unknown): value is string {
  return typeof value === 'string' && ITEM_ID.test(value);
}
