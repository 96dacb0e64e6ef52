import { isDeepStrictEqual } from 'node:util';
import type { DynamoDBRecord } from 'aws-lambda';
import { fromAttributes } from '../dynamodb/attribute-values.js';
import { recordFrom } from '../records/new-record.js';
import type { Fields, RecordDeclaration, StoredRecord } from '../records/record.js';
import { WRITE_TOKEN_ATTRIBUTE } from '../records/write-token.js';
import type { ChangeType, HistoryEntry } from './history-entry.js';

/**
 * A stream record that tells no change of a record: the consumer reports it as a batch item failure
 * rather than write an entry that would misstate the history.
 */
export class MalformedStreamRecordError extends Error {
  override readonly name = 'MalformedStreamRecordError';
  constructor(
    /** The stream record's `eventID`, when it has one. */
    readonly eventId: string | undefined,
    reason: string,
    options?: { cause: unknown },
  ) {
    super(`Stream record ${eventId ?? 'without an eventID'} tells no change of a record: ${reason}`, options);
  }
}

const CHANGE_TYPES: Readonly<Record<string, ChangeType>> = { INSERT: 'created', MODIFY: 'replaced', REMOVE: 'deleted' };

// What the store sets on every write: a change of these is no change of the record's fields.
const SERVER_ATTRIBUTES: ReadonlySet<string> = new Set(['id', 'version', 'createdAt', 'updatedAt', WRITE_TOKEN_ATTRIBUTE]);

/**
 * The history entry one DynamoDB stream record (as Lambda delivers it, from a stream of a records table
 * with `NEW_AND_OLD_IMAGES`) tells: an INSERT is `created`, a MODIFY `replaced`, a REMOVE `deleted`.
 * The write token, the store's own, is never shown. With the entity's `declaration`, each image is read
 * as the store reads a record (its declared fields, a default for a field younger than the record,
 * version 1 for a record older than versions), so that an entry shows the record as the API does.
 * @throws MalformedStreamRecordError when it lacks an image its change needs, an id, a valid version, or a time
 */
export function historyEntryOf(streamRecord: DynamoDBRecord, declaration?: RecordDeclaration<Fields>): HistoryEntry {
  const fail = (reason: string, cause?: unknown): never => {
    throw new MalformedStreamRecordError(streamRecord.eventID, reason, cause === undefined ? undefined : { cause });
  };
  const { eventName, dynamodb: change } = streamRecord;
  const type = eventName !== undefined && Object.hasOwn(CHANGE_TYPES, eventName) ? CHANGE_TYPES[eventName]! : undefined;
  if (!type) return fail(`its eventName is ${JSON.stringify(eventName)}, not INSERT, MODIFY or REMOVE.`);
  if (!change) return fail('it has no dynamodb change.');

  const image = (which: 'NewImage' | 'OldImage'): StoredRecord<Fields> => {
    const attributes = change[which];
    // A stream that carries only keys or one image cannot tell what changed.
    if (!attributes) return fail(`its ${eventName} has no ${which}: the table's stream must carry NEW_AND_OLD_IMAGES.`);
    let record: Record<string, unknown>;
    try {
      record = fromAttributes(attributes);
    } catch (error) {
      return fail(`its ${which} cannot be read (${error instanceof Error ? error.message : String(error)}).`, error);
    }
    const { [WRITE_TOKEN_ATTRIBUTE]: _token, ...shown } = record;
    if (typeof shown.id !== 'string' || shown.id.length === 0) return fail(`its ${which} has no id.`);
    // No version: a record written before versions existed, at its first, as the store reads it.
    if (shown.version !== undefined && (!Number.isSafeInteger(shown.version) || (shown.version as number) < 1)) {
      return fail(`its ${which}'s version is ${JSON.stringify(shown.version)}, not a positive integer.`);
    }
    return declaration ? recordFrom(declaration, shown) : ({ ...shown, version: shown.version ?? 1 } as StoredRecord<Fields>);
  };

  if (type === 'deleted') {
    const before = image('OldImage');
    return {
      version: before.version,
      type,
      at: deletedAt(change.ApproximateCreationDateTime, before.updatedAt, fail),
      record: before,
      changed: fieldsOf(before),
    };
  }
  const after = image('NewImage');
  if (typeof after.updatedAt !== 'string' || after.updatedAt.length === 0) return fail('its NewImage has no updatedAt.');
  const changed = type === 'created' ? fieldsOf(after) : changedFields(image('OldImage'), after);
  return { version: after.version, type, at: after.updatedAt, record: after, changed };
}

/**
 * A deleted record keeps no time of its delete: the stream's, in seconds since the epoch, is it. That
 * time is cut to the second (to the minute on DynamoDB Local), so it can read earlier than the last
 * write's `updatedAt`; a history stays in order by taking the later of the two.
 */
function deletedAt(seconds: number | undefined, lastWrite: unknown, fail: (reason: string) => never): string {
  const at = typeof seconds === 'number' ? new Date(seconds * 1000) : undefined;
  if (!at || Number.isNaN(at.getTime())) return fail('its REMOVE has no ApproximateCreationDateTime.');
  const written = typeof lastWrite === 'string' ? Date.parse(lastWrite) : Number.NaN;
  return Number.isNaN(written) || written <= at.getTime() ? at.toISOString() : new Date(written).toISOString();
}

function fieldsOf(record: Fields): string[] {
  return Object.keys(record)
    .filter((name) => !SERVER_ATTRIBUTES.has(name))
    .sort();
}

/** The fields set, removed or given another value; values compared as values (a map's key order, a set's order, do not count). */
function changedFields(before: Fields, after: Fields): string[] {
  const names = new Set([...fieldsOf(before), ...fieldsOf(after)]);
  return [...names]
    .filter((name) => Object.hasOwn(before, name) !== Object.hasOwn(after, name) || !isDeepStrictEqual(before[name], after[name]))
    .sort();
}
