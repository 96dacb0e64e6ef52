import { type AttributeMap, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { ConfigurationError, StoreUnavailableError } from './errors.js';
import { newRecord } from './new-record.js';
import type { Fields, RecordDeclaration, StoredRecord } from './record.js';
import { newRecordId } from './record-id.js';
import { isThrottling, toStoreError } from './store-errors.js';

type WriteRequests = { PutRequest: { Item: AttributeMap } }[];

/** Items per BatchWriteItem call: DynamoDB's limit. */
const BATCH_WRITE_SIZE = 25;
/** BatchWriteItem calls `createMany` keeps in flight at once. */
const BATCH_WRITE_CONCURRENCY = 4;
/** BatchWriteItem calls per chunk of 25, the first included, before items DynamoDB keeps refusing fail the load. */
export const BATCH_WRITE_ATTEMPTS = 8;
/** The backoff before a chunk's n-th retry: about 25 ms × 2^n, at most about 1 s, with ±50 % jitter. */
const BATCH_RETRY_BASE_MS = 25;
const BATCH_RETRY_MAX_MS = 1_000;

export interface CreateManyOptions {
  /** Told how many items each BatchWriteItem call stored, as they are stored (for a progress bar). */
  onWritten?: (count: number) => void;
  /** Told how many items DynamoDB left unprocessed (or throttled) each time, before they are sent again. */
  onUnprocessed?: (count: number) => void;
}

export interface DynamoDbRecordLoaderOptions {
  client: DynamoDbClient;
  tableName: string;
  /** Injected so tests can pin timestamps. */
  now?: () => Date;
  /** Injected so tests can pin ids. */
  newId?: () => string;
}

/** Bulk writes of new records into a table: the batch path of `npm run seed` and the benchmarks. */
export class DynamoDbRecordLoader<F extends Fields> {
  readonly #declaration: RecordDeclaration<F>;
  readonly #client: DynamoDbClient;
  readonly #tableName: string;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(declaration: RecordDeclaration<F>, options: DynamoDbRecordLoaderOptions) {
    if (declaration.unique?.length) {
      // A batch write cannot be conditional, so it could not claim a value only one record may have.
      throw new ConfigurationError(
        `${declaration.entity} has unique fields (${declaration.unique.join(', ')}): BatchWriteItem cannot keep them unique; create its records one at a time with a store.`,
      );
    }
    this.#declaration = declaration;
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? newRecordId;
  }

  /**
   * Creates many records at once, for bulk loads (`npm run seed`) and benchmarks: each made as `create`
   * makes it (a fresh id, version 1, `createdAt` = `updatedAt`), written with BatchWriteItem in chunks
   * of 25, a few chunks in flight at once. Items DynamoDB leaves unprocessed (throttling) are sent
   * again with exponential backoff and jitter, up to `BATCH_WRITE_ATTEMPTS` calls per chunk; then it
   * fails with `StoreUnavailableError`, and the items `onWritten` reported stay written. Returns the
   * items in the order of `inputs`.
   *
   * BatchWriteItem takes no condition: its puts overwrite an item with the same id, where `create`'s
   * `attribute_not_exists(id)` refuses to. The ids are fresh random UUIDs, so overwriting an existing
   * record is not a practical risk here — but it is not the guarantee the API gives, so this is a bulk
   * and seed path, not what `POST /items` uses, kept out of the record store: the function never
   * reaches it, and its role is granted no `dynamodb:BatchWriteItem`.
   */
  async createMany(inputs: readonly F[], options: CreateManyOptions = {}): Promise<StoredRecord<F>[]> {
    const items = inputs.map((input) => newRecord(this.#declaration, input, this.#newId(), this.#now()));
    const chunks: StoredRecord<F>[][] = [];
    for (let start = 0; start < items.length; start += BATCH_WRITE_SIZE) chunks.push(items.slice(start, start + BATCH_WRITE_SIZE));
    let next = 0;
    let failure: { error: unknown } | undefined;
    // A few workers take chunks in turn. Each catches its own failure, so that none is still writing
    // when this returns or throws; after a failure the others take no new chunk and retry no more.
    const worker = async (): Promise<void> => {
      while (!failure && next < chunks.length) {
        const chunk = chunks[next++]!;
        try {
          await this.#writeChunk(chunk, options, () => failure !== undefined);
        } catch (error) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_WRITE_CONCURRENCY, chunks.length) }, worker));
    if (failure) throw failure.error;
    return items;
  }

  async #writeChunk(chunk: StoredRecord<F>[], { onWritten, onUnprocessed }: CreateManyOptions, abandoned: () => boolean): Promise<void> {
    let pending: WriteRequests = chunk.map((item) => ({ PutRequest: { Item: toAttributes(item) } }));
    for (let attempt = 1; ; attempt += 1) {
      let unprocessed: typeof pending;
      let throttled: unknown;
      try {
        const result = await this.#client.call<{ UnprocessedItems?: Record<string, WriteRequests> }>('BatchWriteItem', {
          RequestItems: { [this.#tableName]: pending },
        });
        unprocessed = result.UnprocessedItems?.[this.#tableName] ?? [];
      } catch (error) {
        // When it can write none of the items for throttling, BatchWriteItem fails as a whole (after
        // the client's own retries): the same as every item unprocessed. Any other failure ends the load.
        if (!isThrottling(error)) throw toStoreError(error);
        unprocessed = pending;
        throttled = error;
      }
      const written = pending.length - unprocessed.length;
      if (written > 0) onWritten?.(written);
      if (unprocessed.length === 0 || abandoned()) return;
      if (attempt >= BATCH_WRITE_ATTEMPTS) {
        throw new StoreUnavailableError({
          cause: throttled ?? new Error(`${unprocessed.length} items still unprocessed after ${attempt} BatchWriteItem calls.`),
        });
      }
      onUnprocessed?.(unprocessed.length);
      pending = unprocessed;
      const delay = Math.min(BATCH_RETRY_MAX_MS, BATCH_RETRY_BASE_MS * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
      // Another chunk may have failed the load while this one waited: send nothing more.
      if (abandoned()) return;
    }
  }
}
