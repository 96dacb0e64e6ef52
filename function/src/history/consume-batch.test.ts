import type { HistoryEntry, HistoryStore } from '@items-api/dynamodb-records';
import { TEST_REGION } from '@items-api/test-support/dynamodb';
import { useHistoryTable } from '@items-api/test-support/history-table';
import { useItemsTable } from '@items-api/test-support/items-table';
import { storedRecords } from '@items-api/test-support/stored-records';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { consumeBatch, type FailureLog } from './consume-batch.js';
import { historyResourcesFrom } from './history-tables.js';
import { itemStreamRecords } from './test-stream-records.js';

// The consumer on DynamoDB Local: records written by the items store, read back as DynamoDB holds
// them, made into the stream records Lambda would deliver; entries written to a real history table.

const items = useItemsTable('history-consumer');
const history = useHistoryTable('history-consumer');
const itemStore = items.store();
const historyStore = history.store();
const resourceOf = historyResourcesFrom({ TABLE_NAME: items.name });

const { streamRecord, rawItem, created } = itemStreamRecords(items, TEST_REGION);

/** Every line the consumer logged, level first. */
function recordingLog(): FailureLog & { lines: { level: string; message: string; attributes: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  return {
    lines,
    error: (message, attributes) => lines.push({ level: 'error', message, attributes }),
    warn: (message, attributes) => lines.push({ level: 'warn', message, attributes }),
  };
}

const entriesOf = async (id: string): Promise<HistoryEntry[]> => (await historyStore.list('items', id, { limit: 100 })).items;
const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb!.SequenceNumber!;

describe('consumeBatch', () => {
  it("writes one entry per record: an item's create, replace and delete, and another item's create", async () => {
    const first = await created('Espresso cup');
    const replaced = await itemStore.replace(first.id, { name: 'Espresso cup, white', price: 120, description: '' });
    const afterReplace = await rawItem(first.id);
    await itemStore.delete(first.id);
    const second = await created('Saucer');
    const batch = [
      first.record,
      second.record,
      streamRecord('MODIFY', { oldImage: first.image, newImage: afterReplace }),
      streamRecord('REMOVE', { oldImage: afterReplace }),
    ];
    const log = recordingLog();

    expect(await consumeBatch({ Records: batch }, historyStore, { resourceOf, log })).toEqual({ batchItemFailures: [] });

    const entries = await entriesOf(first.id);
    expect(entries.map(({ type, version }) => [type, version])).toEqual([
      ['created', 1],
      ['replaced', 2],
      ['deleted', 2],
    ]);
    // The record as the API answered it (no field left undefined in JSON).
    expect(entries[1]).toEqual({
      ...entries[1],
      record: JSON.parse(JSON.stringify(replaced)),
      at: replaced.updatedAt,
      changed: ['name', 'price'],
    });
    expect((await entriesOf(second.id)).map(({ type }) => type)).toEqual(['created']);
    expect(log.lines).toEqual([]);
  });

  it('writes nothing twice when the same batch is delivered again', async () => {
    const batch = [(await created('Teapot')).record, (await created('Kettle')).record];
    expect(await consumeBatch({ Records: batch }, historyStore, { resourceOf })).toEqual({ batchItemFailures: [] });
    const stored = await storedRecords(history.client, history.name);
    const outcomes: string[] = [];
    const observed: HistoryStore = {
      append: async (resource, entry) => {
        const outcome = await historyStore.append(resource, entry);
        outcomes.push(outcome);
        return outcome;
      },
      list: (resource, id, options) => historyStore.list(resource, id, options),
    };

    expect(await consumeBatch({ Records: batch }, observed, { resourceOf })).toEqual({ batchItemFailures: [] });

    expect(outcomes).toEqual(['duplicate', 'duplicate']);
    expect(await storedRecords(history.client, history.name)).toEqual(expect.arrayContaining(stored));
    expect((await storedRecords(history.client, history.name)).length).toBe(stored.length);
  });

  it('reports a malformed record in the middle of a batch, with a log line, and writes the others', async () => {
    const before = await created('Mug');
    const malformed = await created('Tray');
    const after = await created('Bowl');
    // A MODIFY without its old image, as the stream of a table without NEW_AND_OLD_IMAGES would send.
    const bad = streamRecord('MODIFY', { newImage: malformed.image });
    const log = recordingLog();

    const answer = await consumeBatch({ Records: [before.record, bad, after.record] }, historyStore, { resourceOf, log });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(bad) }] });
    expect(await entriesOf(before.id)).toHaveLength(1);
    expect(await entriesOf(after.id)).toHaveLength(1);
    expect(await entriesOf(malformed.id)).toEqual([]);
    expect(log.lines).toEqual([
      {
        level: 'error',
        message: 'History record not written',
        attributes: expect.objectContaining({
          sequenceNumber: sequenceOf(bad),
          eventName: 'MODIFY',
          table: items.name,
          reason: expect.stringMatching(/^MalformedStreamRecordError: .*OldImage/),
        }),
      },
    ]);
  });

  it('reports, and does not write, the later changes of a record whose change failed; other records are written', async () => {
    const failing = await created('Jug');
    await itemStore.replace(failing.id, { name: 'Jug, blue', price: 100, description: '' });
    const laterImage = await rawItem(failing.id);
    const other = await created('Plate');
    const { NewImage: _new, ...withoutNewImage } = failing.record.dynamodb!;
    const bad: DynamoDBRecord = { ...failing.record, dynamodb: withoutNewImage };
    const later = streamRecord('MODIFY', { oldImage: failing.image, newImage: laterImage });
    const log = recordingLog();

    const answer = await consumeBatch({ Records: [bad, other.record, later] }, historyStore, { resourceOf, log });

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(bad) }, { itemIdentifier: sequenceOf(later) }]);
    expect(await entriesOf(failing.id)).toEqual([]);
    expect(await entriesOf(other.id)).toHaveLength(1);
    expect(log.lines.map(({ level, message, attributes }) => [level, message, attributes.sequenceNumber])).toEqual([
      ['error', 'History record not written', sequenceOf(bad)],
      ['warn', 'History record skipped', sequenceOf(later)],
    ]);
    expect(log.lines[1]?.attributes.reason).toContain(sequenceOf(bad));
  });

  it("reports a record of a table no history resource is kept in, or of no table's stream, saying why", async () => {
    const item = await created('Spoon');
    const elsewhere = streamRecord('INSERT', { newImage: item.image }, `${items.prefix}-orders`);
    const noStream: DynamoDBRecord = {
      ...streamRecord('INSERT', { newImage: item.image }),
      eventSourceARN: 'arn:aws:sqs:eu-west-1:1:queue',
    };
    const log = recordingLog();

    const answer = await consumeBatch({ Records: [elsewhere, item.record, noStream] }, historyStore, { resourceOf, log });

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(elsewhere) }, { itemIdentifier: sequenceOf(noStream) }]);
    expect(await entriesOf(item.id)).toHaveLength(1);
    expect(log.lines.map(({ attributes }) => attributes.reason)).toEqual([
      `UnmappedStreamRecordError: table ${items.prefix}-orders is not the table of a resource that keeps history (items: TABLE_NAME=${items.name})`,
      'UnmappedStreamRecordError: its eventSourceARN "arn:aws:sqs:eu-west-1:1:queue" is no DynamoDB table\'s stream',
    ]);
  });

  it("writes one record's changes one after another, and different records' at the same time", async () => {
    const slow = await created('Cup');
    const fast = await created('Lid');
    await itemStore.replace(slow.id, { name: 'Cup, large', price: 150, description: '' });
    const replacedImage = await rawItem(slow.id);
    const changeOfSlow = streamRecord('MODIFY', { oldImage: slow.image, newImage: replacedImage });
    const inFlight = new Map<string, number>();
    const events: string[] = [];
    // The real store, its first append held back a while: the later change of the same item must wait
    // for it, the other item need not.
    const observed: HistoryStore = {
      append: async (resource, entry) => {
        const id = entry.record.id;
        inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
        events.push(`start ${id === slow.id ? 'slow' : 'fast'} v${entry.version} (${inFlight.get(id)} in flight)`);
        if (id === slow.id && entry.version === 1) await new Promise((resolve) => setTimeout(resolve, 300));
        try {
          return await historyStore.append(resource, entry);
        } finally {
          inFlight.set(id, inFlight.get(id)! - 1);
          events.push(`end ${id === slow.id ? 'slow' : 'fast'} v${entry.version}`);
        }
      },
      list: (resource, id, options) => historyStore.list(resource, id, options),
    };

    const answer = await consumeBatch({ Records: [slow.record, changeOfSlow, fast.record] }, observed, { resourceOf });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(events).toEqual([
      'start slow v1 (1 in flight)',
      'start fast v1 (1 in flight)',
      'end fast v1',
      'end slow v1',
      'start slow v2 (1 in flight)',
      'end slow v2',
    ]);
    expect((await entriesOf(slow.id)).map(({ version }) => version)).toEqual([1, 2]);
  });

  it('reads which table is whose from the environment once, on the first record', async () => {
    const first = await created('Fork');
    const second = await created('Knife');
    const variable = process.env.TABLE_NAME;
    try {
      process.env.TABLE_NAME = items.name;
      expect(await consumeBatch({ Records: [first.record] }, historyStore)).toEqual({ batchItemFailures: [] });
      process.env.TABLE_NAME = 'another-table';
      expect(await consumeBatch({ Records: [second.record] }, historyStore)).toEqual({ batchItemFailures: [] });
    } finally {
      if (variable === undefined) delete process.env.TABLE_NAME;
      else process.env.TABLE_NAME = variable;
    }
    expect(await entriesOf(second.id)).toHaveLength(1);
  });
});
