import { randomUUID } from 'node:crypto';

// Stores only ever issue lowercase UUIDs, so anything else names no record and needs no DynamoDB call
// (it would also fail DynamoDB's key size limit when long enough, which must not surface as a 500).
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newRecordId(): string {
  return randomUUID();
}

export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && RECORD_ID.test(value);
}
