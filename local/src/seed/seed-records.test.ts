import { defineResource, resourceTable } from '@items-api/function/resources';
import { useRecordsTable } from '@items-api/test-support/dynamodb';
import { storedRecords } from '@items-api/test-support/stored-records';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { seedRecords } from './seed-records.js';

// The load of a resource with a unique field: one conditional create a record, each claiming its value.

const members = defineResource({
  name: 'members',
  entity: 'Member',
  description: 'Members of a club, one per email.',
  fields: { email: v.pipe(v.string(), v.email()), name: v.string() },
  computed: { initial: { schema: v.string(), from: ({ name }) => name.charAt(0) } },
  unique: ['email'],
});
const table = useRecordsTable('seed-unique', 'members');
const target = () => ({ endpoint: table.endpoint, tableName: table.name, idempotencyTableName: table.idempotencyName });

describe('seedRecords of a resource with unique fields', () => {
  it('writes every record through conditional creates, each value claimed, computed fields derived', { timeout: 60_000 }, async () => {
    const distinct = resourceTable(members, {
      tableVariable: 'MEMBERS_TABLE_NAME',
      sample: (index) => ({ email: `member-${index}@example.com`, name: `Member ${index}` }),
    });
    const result = await seedRecords(target(), distinct, 30);
    expect(result.error).toBeUndefined();
    expect(result.written).toBe(30);
    // Each create is a transaction of the record and its claim: no BatchWriteItem.
    expect([...result.capacity.byOperation.keys()]).toEqual(['TransactWriteItems']);
    const stored = await storedRecords(table.client, table.name);
    expect(stored).toHaveLength(30);
    expect(stored.every((member) => member.initial === 'M')).toBe(true);
    const claims = await storedRecords(table.client, table.idempotencyName);
    expect(claims.filter((claim) => String(claim.key).startsWith('unique#Member#email#'))).toHaveLength(30);
  });

  it('stops at a taken value, naming the field, with what was written counted', { timeout: 60_000 }, async () => {
    const clashing = resourceTable(members, {
      tableVariable: 'MEMBERS_TABLE_NAME',
      sample: (index) => ({ email: 'same@example.com', name: `Twin ${index}` }),
    });
    const result = await seedRecords(target(), clashing, 20);
    expect(result.written).toBe(1);
    expect(result.error).toMatchObject({ name: 'UniqueFieldTakenError', field: 'email', message: 'Another member has this email.' });
  });
});
