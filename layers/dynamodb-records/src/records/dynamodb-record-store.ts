import { fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { deleteReleasing, replaceClaiming } from './claiming-writes.js';
import { ConfigurationError, NotFoundError } from './errors.js';
import { createIdempotently } from './idempotent-create.js';
import { fieldsOf, newRecord, recordFrom } from './new-record.js';
import { queryPage } from './paged-query.js';
import { scanPage } from './paged-scan.js';
import type { Fields, ListOptions, Page, QueryOptions, RecordDeclaration, RecordStore, StoredRecord, VersionCondition } from './record.js';
import { createRecord } from './record-create.js';
import { isRecordId, newRecordId } from './record-id.js';
import { storeCall } from './store-errors.js';
import { claimsOf } from './unique-claims.js';
import { deleteVersioned, replaceVersioned } from './versioned-write.js';

export interface DynamoDbRecordStoreOptions {
  client: DynamoDbClient;
  tableName: string;
  /** Where keyed creates are recorded (see `createOnce`), and the claims of unique fields' values. */
  idempotencyTableName?: string | undefined;
  /** Injected so tests can pin timestamps. */
  now?: () => Date;
  /** Injected so tests can make two creates race for one id. */
  newId?: () => string;
}

/**
 * Records of one entity in one DynamoDB table keyed by `id`, made of the blocks beside it. Every write
 * is conditional, so a create never overwrites and a replace or delete never touches (or resurrects)
 * an absent record; the values of unique fields are claimed in the same transaction as the record.
 * A write retried after its answer was lost is answered as the success it was. Reads of the table are
 * strongly consistent: a client reads back what it has just written; queries of its global secondary
 * indexes cannot be, and are eventually consistent.
 */
export class DynamoDbRecordStore<F extends Fields> implements RecordStore<F> {
  readonly #declaration: RecordDeclaration<F>;
  readonly #client: DynamoDbClient;
  readonly #tableName: string;
  readonly #idempotencyTableName: string | undefined;
  readonly #now: () => Date;
  readonly #newId: () => string;

  constructor(declaration: RecordDeclaration<F>, options: DynamoDbRecordStoreOptions) {
    this.#declaration = declaration;
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#idempotencyTableName = options.idempotencyTableName;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? newRecordId;
  }

  async create(input: F): Promise<StoredRecord<F>> {
    const record = this.#newRecord(input, this.#now());
    await createRecord({
      client: this.#client,
      entity: this.#declaration.entity,
      tableName: this.#tableName,
      keysTableName: this.#idempotencyTableName,
      record,
      claims: this.#claimsOf(record),
    });
    return record;
  }

  async createOnce(input: F, idempotencyKey: string): Promise<{ item: StoredRecord<F>; replayed: boolean }> {
    const fields = this.#fieldsOf(input);
    return createIdempotently({
      client: this.#client,
      entity: this.#declaration.entity,
      tableName: this.#tableName,
      keysTableName: this.#keysTableName(),
      key: idempotencyKey,
      input: fields,
      newRecord: (now) => this.#newRecord(fields, now),
      claims: this.#claimsOf(fields),
      toRecord: (attributes) => this.#toRecord(attributes),
      now: this.#now,
    });
  }

  async get(id: string): Promise<StoredRecord<F>> {
    const { entity } = this.#declaration;
    if (!isRecordId(id)) throw new NotFoundError(entity, id);
    const result = await storeCall(
      this.#client.call<{ Item?: Record<string, unknown> }>('GetItem', {
        TableName: this.#tableName,
        Key: toAttributes({ id }),
        ConsistentRead: true,
      }),
    );
    if (!result.Item) throw new NotFoundError(entity, id);
    return this.#toRecord(fromAttributes(result.Item));
  }

  async replace(id: string, input: F, ifMatch?: VersionCondition): Promise<StoredRecord<F>> {
    const write = { ...this.#write(id, ifMatch), fields: this.#fieldsOf(input), updatedAt: this.#now().toISOString() };
    const stored = this.#unique ? await replaceClaiming({ ...write, ...this.#claiming() }) : await replaceVersioned(write);
    return this.#toRecord(stored);
  }

  async delete(id: string, ifMatch?: VersionCondition): Promise<void> {
    const write = this.#write(id, ifMatch);
    await (this.#unique ? deleteReleasing({ ...write, ...this.#claiming() }) : deleteVersioned(write));
  }

  async list(options: ListOptions): Promise<Page<StoredRecord<F>>> {
    return scanPage(this.#client, this.#tableName, options, (attributes) => this.#toRecord(attributes));
  }

  /** Eventually consistent, as every read of a global secondary index is: see `queryPage`. */
  async query(options: QueryOptions): Promise<Page<StoredRecord<F>>> {
    const { entity, indexes } = this.#declaration;
    return queryPage(this.#client, { tableName: this.#tableName, entity, indexes }, options, (attributes) => this.#toRecord(attributes));
  }

  #write(id: string, ifMatch: VersionCondition | undefined) {
    return { client: this.#client, tableName: this.#tableName, entity: this.#declaration.entity, id, ifMatch };
  }

  get #unique(): boolean {
    return (this.#declaration.unique?.length ?? 0) > 0;
  }

  #claiming() {
    return { declaration: this.#declaration, keysTableName: this.#keysTableName() };
  }

  #claimsOf(record: Fields) {
    if (!this.#unique) return [];
    this.#keysTableName();
    return claimsOf(this.#declaration, record);
  }

  #keysTableName(): string {
    if (!this.#idempotencyTableName) {
      throw new ConfigurationError(
        'IDEMPOTENCY_TABLE_NAME is not set: it must name the table that records idempotency keys and the values of unique fields.',
        'IDEMPOTENCY_TABLE_NAME',
      );
    }
    return this.#idempotencyTableName;
  }

  #fieldsOf(input: F): F {
    return fieldsOf(this.#declaration, input);
  }

  #newRecord(input: F, at: Date): StoredRecord<F> {
    return newRecord(this.#declaration, input, this.#newId(), at);
  }

  #toRecord(attributes: Record<string, unknown>): StoredRecord<F> {
    return recordFrom(this.#declaration, attributes);
  }
}
