/** Base class of every error this library throws on purpose. */
export class ItemStoreError extends Error {
  override readonly name: string = 'ItemStoreError';
}

export class ItemNotFoundError extends ItemStoreError {
  override readonly name = 'ItemNotFoundError';
  constructor(readonly id: string) {
    super(`No item has the id ${JSON.stringify(id)}.`);
  }
}

/** Two writers raced for one id; the conditional write refused to overwrite. */
export class ItemConflictError extends ItemStoreError {
  override readonly name = 'ItemConflictError';
  constructor(readonly id: string) {
    super(`An item with the id ${JSON.stringify(id)} already exists.`);
  }
}

/** A write's `ifMatch` did not hold: the item changed since the client read it, or is gone. */
export class ItemVersionMismatchError extends ItemStoreError {
  override readonly name = 'ItemVersionMismatchError';
  constructor(readonly id: string) {
    super(`The item ${JSON.stringify(id)} is not at the version the write was conditioned on.`);
  }
}

/** An `Idempotency-Key` already used, within its lifetime, for a create with other fields. */
export class IdempotencyKeyReusedError extends ItemStoreError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor() {
    super('This Idempotency-Key was used for a different item.');
  }
}

export class InvalidCursorError extends ItemStoreError {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('The cursor is not one this service issued.');
  }
}

/** Storage is throttled or out of reach: worth retrying later. */
export class StoreUnavailableError extends ItemStoreError {
  override readonly name = 'StoreUnavailableError';
  constructor(options: { cause: unknown }) {
    super('The item store is unavailable.', options);
  }
}

/** Storage failed in a way a retry will not mend. */
export class StoreFailureError extends ItemStoreError {
  override readonly name = 'StoreFailureError';
  constructor(options: { cause: unknown }) {
    super('The item store failed.', options);
  }
}

export class ConfigurationError extends ItemStoreError {
  override readonly name = 'ConfigurationError';
}
