/** What a client sets on a record: its fields, by name. */
export type Fields = Record<string, unknown>;

/** A record as stored: the client's fields and what the store decides. */
export type StoredRecord<F extends Fields> = F & {
  id: string;
  /** 1 when created, one more on every replace: what an HTTP `ETag` names. */
  version: number;
  createdAt: string;
  updatedAt: string;
};

/**
 * A write's precondition (HTTP's `If-Match`), checked by DynamoDB in the write itself: the record's
 * version is one of these, or, with `'*'`, the record merely exists.
 */
export type VersionCondition = readonly number[] | '*';

export interface ListOptions {
  limit: number;
  /** An opaque cursor from a previous page's `nextCursor`. */
  cursor?: string | undefined;
}

/**
 * Bounds on an index's sort key, as the HTTP query names them (`price[gte]=100&price[lt]=2000`): at most
 * one lower bound (`gt` or `gte`) and one upper (`lt` or `lte`), or `beginsWith` alone (strings only).
 */
export interface SortCondition {
  gt?: string | number;
  gte?: string | number;
  lt?: string | number;
  lte?: string | number;
  beginsWith?: string;
}

/** A page of the records in one partition of a declared index, in the index's sort order or its reverse. */
export interface QueryOptions extends ListOptions {
  /** The index's name, as declared (`byCategory`). */
  index: string;
  /** The value of the index's partition field the records share. */
  partition: string | number;
  sort?: SortCondition | undefined;
  /** By the sort field: ascending unless `desc`. */
  order?: 'asc' | 'desc' | undefined;
}

export interface Page<R> {
  items: R[];
  /** Present when more records remain after this page. */
  nextCursor?: string;
}

/**
 * Everything the HTTP layer needs from storage, for any entity; nothing of DynamoDB shows through.
 * `F` is what a record keeps; `I`, what a writer gives (the same, unless something derives the rest).
 */
export interface RecordStore<F extends Fields, I extends Fields = F> {
  /** @throws ConflictError when the new id is taken (two creates raced for it) */
  create(input: I): Promise<StoredRecord<F>>;
  /**
   * Creates at most one record per `idempotencyKey` while the key lives: a repeat with the same fields
   * returns the first record (`replayed`), even when the repeats run concurrently.
   * @throws IdempotencyKeyReusedError when the key was used with other fields
   */
  createOnce(input: I, idempotencyKey: string): Promise<{ item: StoredRecord<F>; replayed: boolean }>;
  /** @throws NotFoundError */
  get(id: string): Promise<StoredRecord<F>>;
  /**
   * Replaces the client-set fields of an existing record and bumps its version; never creates.
   * @throws NotFoundError without `ifMatch`; PreconditionFailedError when `ifMatch` does not hold
   */
  replace(id: string, input: I, ifMatch?: VersionCondition): Promise<StoredRecord<F>>;
  /** @throws NotFoundError without `ifMatch`; PreconditionFailedError when `ifMatch` does not hold */
  delete(id: string, ifMatch?: VersionCondition): Promise<void>;
  /** @throws InvalidCursorError */
  list(options: ListOptions): Promise<Page<StoredRecord<F>>>;
  /**
   * A page of the records of one partition of a declared index: a Query, whose cost grows with the page,
   * never with the table. Reads from an index are eventually consistent.
   * @throws InvalidCursorError (also for a cursor of another query), ConfigurationError (an index not declared)
   */
  query(options: QueryOptions): Promise<Page<StoredRecord<F>>>;
}

/** How DynamoDB types a key attribute: a string or a number. */
export type KeyType = 'S' | 'N';

/** A field an index is keyed on, with its DynamoDB type. */
export interface KeyField<F extends Fields> {
  field: keyof F & string;
  type: KeyType;
}

/**
 * A global secondary index of the entity's table: the records that have a value of `partition` are in
 * it (an index is sparse), ordered by `sort` within a partition.
 */
export interface IndexDeclaration<F extends Fields> {
  partition: KeyField<F>;
  sort?: KeyField<F> | undefined;
}

/**
 * An entity's indexes by name, whatever the entity: what its table is made with and its queries read.
 * Spelled out rather than `IndexDeclaration<Fields>`: TypeScript holds `keyof F` contravariant, so
 * an entity's own declarations would not be taken as any entity's.
 */
export type IndexDeclarations = Readonly<Record<string, { partition: AnyKeyField; sort?: AnyKeyField | undefined }>>;

/** A key field of any entity. */
export interface AnyKeyField {
  field: string;
  type: KeyType;
}

/**
 * What a store knows of an entity: its name (for errors), its client-set fields, in order, and the
 * value a field has on a record written before the field existed.
 */
export interface RecordDeclaration<F extends Fields> {
  entity: string;
  fields: readonly (keyof F & string)[];
  defaults?: Partial<F>;
  /** Fields no two records may share a value of: each value is claimed in the same transaction as the write. */
  unique?: readonly (keyof F & string)[];
  /** Its global secondary indexes, by name: what `query` reads. */
  indexes?: Readonly<Record<string, IndexDeclaration<F>>>;
}
