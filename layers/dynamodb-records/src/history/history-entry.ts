import type { Fields, ListOptions, Page, StoredRecord } from '../records/record.js';

// A record's history: one entry per change DynamoDB Streams reported, written after the fact by a
// stream consumer, read by the API. What an entry is, apart from where it is kept.

/** What a change did to a record: a stream's INSERT, MODIFY or REMOVE. */
export type ChangeType = 'created' | 'replaced' | 'deleted';

/** One change to a record, as `GET /{resource}/{id}/history` shows it. */
export interface HistoryEntry<F extends Fields = Fields> {
  /** The record's version after the change; for a delete, the version it deleted. */
  version: number;
  type: ChangeType;
  /** When the change happened (ISO 8601): the record's `updatedAt`, or the stream's time for a delete. */
  at: string;
  /** The record after the change; for a delete, as it was before it. */
  record: StoredRecord<F>;
  /** The names of the client-set (and computed) fields the change set, changed or removed. */
  changed: string[];
}

/** Where the history of every resource that asks for it is kept: one table, keyed by resource, id and change. */
export interface HistoryStore<F extends Fields = Fields> {
  /**
   * Writes `entry` once for `resource`: a repeat of the same change (a redelivered stream record) writes
   * nothing and answers `'duplicate'`.
   */
  append(resource: string, entry: HistoryEntry<F>): Promise<'written' | 'duplicate'>;
  /**
   * A page of one record's history, oldest first, with the lists' cursor contract.
   * @throws InvalidCursorError
   */
  list(resource: string, id: string, options: ListOptions): Promise<Page<HistoryEntry<F>>>;
}

/** The environment variable naming the history table. */
export const HISTORY_TABLE_VARIABLE = 'HISTORY_TABLE_NAME';
