import { fromAttributes, toAttributes } from '../dynamodb/attribute-values.js';
import type { DynamoDbClient } from '../dynamodb/dynamodb-client.js';
import { ConfigurationError, ConflictError, NotFoundError } from './errors.js';
import { createIdempotently } from './idempotent-create.js';
import { fieldsOf, newRecord, recordFrom } from './new-record.js';
import { scanPage } from './paged-scan.js';
import type { Fields, ListOptions, Page, RecordDeclaration, RecordStore, StoredRecord, VersionCondition } from './record.js';
import { isRecordId, newRecordId } from './record-id.js';
import { storeCall } from './store-errors.js';
import { deleteVersioned, replaceVersioned } from './versioned-write.js';

export interface DynamoDbRecordStoreOptions {
  client: DynamoDbClient;
  tableName: string;
  /** Where keyed creates are recorded (see `createOnce`). */
  idempotencyTableName?: string | undefined;
  /** Injected so tests can pin timestamps. */
  now?: () => Date;
  /** Injected so tests can make two creates race for one id. */
  newId?: () => string;
}

/**
 * Records of one entity in one DynamoDB table keyed by `id`, made of the blocks beside it. Every write
 * is conditional, so a create never overwrites and a replace or delete never touches (or resurrects)
 * an absent record. Reads are strongly consistent: a client reads back what it has just written.
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
    await storeCall(
      this.#client.call('PutItem', {
        TableName: this.#tableName,
        Item: toAttributes(record),
        ConditionExpression: 'attribute_not_exists(id)',
      }),
      () => new ConflictError(this.#declaration.entity, record.id),
    );
    return record;
  }

  async createOnce(input: F, idempotencyKey: string): Promise<{ item: StoredRecord<F>; replayed: boolean }> {
    if (!this.#idempotencyTableName) {
      throw new ConfigurationError('IDEMPOTENCY_TABLE_NAME is not set: it must name the table that records idempotency keys.');
    }
    const fields = this.#fieldsOf(input);
    return createIdempotently({
      client: this.#client,
      entity: this.#declaration.entity,
      tableName: this.#tableName,
      keysTableName: this.#idempotencyTableName,
      key: idempotencyKey,
      input: fields,
      newRecord: (now) => this.#newRecord(fields, now),
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
    const stored = await replaceVersioned({
      ...this.#write(id, ifMatch),
      fields: this.#fieldsOf(input),
      updatedAt: this.#now().toISOString(),
    });
    return this.#toRecord(stored);
  }

  async delete(id: string, ifMatch?: VersionCondition): Promise<void> {
    await deleteVersioned(this.#write(id, ifMatch));
  }

  async list(options: ListOptions): Promise<Page<StoredRecord<F>>> {
    return scanPage(this.#client, this.#tableName, options, (attributes) => this.#toRecord(attributes));
  }

  #write(id: string, ifMatch: VersionCondition | undefined) {
    return { client: this.#client, tableName: this.#tableName, entity: this.#declaration.entity, id, ifMatch };
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
