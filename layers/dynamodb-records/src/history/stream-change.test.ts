import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toAttributes } from '../dynamodb/attribute-values.js';
import { historyEntryOf, MalformedStreamRecordError } from './stream-change.js';

// Stream records as Lambda hands them to the consumer: images in DynamoDB's JSON, as the records store
// wrote the items (its write token among them after a replace).
const ID = '0b6f6c9e-4a39-4c43-9d0e-2f4c8e1f6a11';
const CREATED = {
  id: ID,
  name: 'Cup',
  price: 1250,
  tags: ['a', 'b'],
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const image = (record: Record<string, unknown>) => toAttributes(record) as Record<string, AttributeValue>;

function streamRecord(
  eventName: DynamoDBRecord['eventName'],
  images: { NewImage?: Record<string, unknown>; OldImage?: Record<string, unknown> },
  extra: Partial<NonNullable<DynamoDBRecord['dynamodb']>> = {},
): DynamoDBRecord {
  return {
    eventID: 'e-1',
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: image({ id: ID }),
      ...(images.NewImage && { NewImage: image(images.NewImage) }),
      ...(images.OldImage && { OldImage: image(images.OldImage) }),
      ApproximateCreationDateTime: 1_767_225_600,
      SequenceNumber: '100',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...extra,
    },
  };
}

describe('historyEntryOf', () => {
  it('reads an INSERT as created: the record as written, at its updatedAt, every field it has changed', () => {
    expect(historyEntryOf(streamRecord('INSERT', { NewImage: CREATED }))).toEqual({
      version: 1,
      type: 'created',
      at: '2026-01-01T00:00:00.000Z',
      record: CREATED,
      changed: ['name', 'price', 'tags'],
    });
  });

  it('reads a MODIFY as replaced: the fields set, removed or given another value, never the server attributes', () => {
    const before = { ...CREATED, notes: 'fragile', dims: { w: 1, h: 2 }, colours: new Set(['red', 'blue']), writeToken: 't1' };
    const after = {
      ...CREATED,
      price: 1300,
      // The same values written in another order: no change.
      dims: { h: 2, w: 1 },
      colours: new Set(['blue', 'red']),
      tags: ['b', 'a'],
      sku: 'CUP-1',
      version: 2,
      updatedAt: '2026-01-02T00:00:00.000Z',
      writeToken: 't2',
    };
    const entry = historyEntryOf(streamRecord('MODIFY', { OldImage: before, NewImage: after }));
    const { writeToken: _, ...shown } = after;
    expect(entry).toEqual({
      version: 2,
      type: 'replaced',
      at: '2026-01-02T00:00:00.000Z',
      record: shown,
      changed: ['notes', 'price', 'sku', 'tags'],
    });
    expect(entry.record).not.toHaveProperty('writeToken');
  });

  it('reads a MODIFY that changed no field as replaced with nothing changed', () => {
    const after = { ...CREATED, version: 2, updatedAt: '2026-01-02T00:00:00.000Z', writeToken: 't2' };
    expect(historyEntryOf(streamRecord('MODIFY', { OldImage: CREATED, NewImage: after })).changed).toEqual([]);
  });

  it('reads a REMOVE as deleted: the record as it was, at the version it had, at the stream time, every field it had changed', () => {
    const before = { ...CREATED, version: 3, updatedAt: '2026-01-02T00:00:00.000Z', writeToken: 't3' };
    const entry = historyEntryOf(streamRecord('REMOVE', { OldImage: before }, { ApproximateCreationDateTime: 1_767_312_000.5 }));
    const { writeToken: _, ...shown } = before;
    expect(entry).toEqual({
      version: 3,
      type: 'deleted',
      at: '2026-01-02T00:00:00.500Z',
      record: shown,
      changed: ['name', 'price', 'tags'],
    });
  });

  it("dates a delete no earlier than the last write: the stream's time is cut to the second, or the minute locally", () => {
    const before = { ...CREATED, version: 2, updatedAt: '2026-01-02T00:00:41.250Z', writeToken: 't2' };
    // DynamoDB Local gave 00:00:00 for a delete made at 00:00:41.
    const entry = historyEntryOf(streamRecord('REMOVE', { OldImage: before }, { ApproximateCreationDateTime: 1_767_312_000 }));
    expect(entry.at).toBe('2026-01-02T00:00:41.250Z');
  });

  it('reads a record written before versions existed at its first version, as the store does', () => {
    const { version: _, ...unversioned } = CREATED;
    const replaced = { ...CREATED, price: 1300, version: 2, updatedAt: '2026-01-02T00:00:00.000Z' };
    expect(historyEntryOf(streamRecord('MODIFY', { OldImage: unversioned, NewImage: replaced }))).toMatchObject({
      version: 2,
      changed: ['price'],
    });
    expect(historyEntryOf(streamRecord('REMOVE', { OldImage: unversioned }))).toMatchObject({ version: 1, record: CREATED });
  });

  it("with the entity's declaration, shows each image as the store reads a record: its fields, their defaults, nothing else", () => {
    const declaration = { entity: 'Thing', fields: ['name', 'price', 'colour'], defaults: { colour: 'natural' } };
    const { version: _, ...unversioned } = { ...CREATED, legacy: 'dropped' };
    const replaced = { ...CREATED, price: 1300, colour: 'natural', version: 2, updatedAt: '2026-01-02T00:00:00.000Z', writeToken: 't' };
    const entry = historyEntryOf(streamRecord('MODIFY', { OldImage: unversioned, NewImage: replaced }), declaration);
    const { tags: _tags, ...declared } = CREATED;
    expect(entry).toEqual({
      version: 2,
      type: 'replaced',
      at: '2026-01-02T00:00:00.000Z',
      record: { ...declared, price: 1300, colour: 'natural', version: 2, updatedAt: '2026-01-02T00:00:00.000Z' },
      // The colour the old record had by default is no change; the undeclared tags and legacy are none either.
      changed: ['price'],
    });
  });

  it.each([
    [
      'an unknown eventName',
      () => ({ ...streamRecord('INSERT', { NewImage: CREATED }), eventName: 'TTL' as never }),
      'its eventName is "TTL"',
    ],
    ['no change', () => ({ ...streamRecord('INSERT', {}), dynamodb: undefined }), 'it has no dynamodb change'],
    ['an INSERT with no NewImage (a KEYS_ONLY stream)', () => streamRecord('INSERT', {}), 'its INSERT has no NewImage'],
    ['a MODIFY with no OldImage (a NEW_IMAGE stream)', () => streamRecord('MODIFY', { NewImage: CREATED }), 'its MODIFY has no OldImage'],
    ['a REMOVE with no OldImage', () => streamRecord('REMOVE', {}), 'its REMOVE has no OldImage'],
    ['an image with no id', () => streamRecord('INSERT', { NewImage: { ...CREATED, id: undefined } }), 'its NewImage has no id'],
    ['an image with version 0', () => streamRecord('REMOVE', { OldImage: { ...CREATED, version: 0 } }), "its OldImage's version is 0"],
    ['a version as a string', () => streamRecord('INSERT', { NewImage: { ...CREATED, version: '1' } }), `its NewImage's version is "1"`],
    ['a write with no updatedAt', () => streamRecord('INSERT', { NewImage: { ...CREATED, updatedAt: undefined } }), 'has no updatedAt'],
    [
      'a REMOVE with no time',
      () => streamRecord('REMOVE', { OldImage: CREATED }, { ApproximateCreationDateTime: undefined }),
      'no ApproximateCreationDateTime',
    ],
    [
      'an image DynamoDB would never write',
      () => ({ ...streamRecord('INSERT', { NewImage: CREATED }), dynamodb: { NewImage: { id: { X: ID } } as never } }),
      'its NewImage cannot be read',
    ],
  ])('refuses %s, saying why', (_, make, why) => {
    const read = () => historyEntryOf(make());
    expect(read).toThrow(MalformedStreamRecordError);
    expect(read).toThrow(why);
    expect(read).toThrow(/^Stream record e-1 tells no change of a record: /);
  });
});
