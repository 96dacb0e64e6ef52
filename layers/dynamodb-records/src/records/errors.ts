// Errors every record store throws on purpose, whatever the entity: the HTTP layer maps each to one
// problem+json answer (function/src/http/error-handler.ts), naming the entity it is told.

/** Base class of every error a store throws on purpose. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** No record of `entity` has this id. */
export class NotFoundError extends StoreError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${JSON.stringify(id)} does not exist.`);
  }
}

/** Two writers raced for one id; the conditional write refused to overwrite. */
export class ConflictError extends StoreError {
  override readonly name = 'ConflictError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${JSON.stringify(id)} already exists.`);
  }
}

/** Another record of `entity` holds this value of a field declared unique; the write claimed it in vain. */
export class UniqueFieldTakenError extends StoreError {
  override readonly name = 'UniqueFieldTakenError';
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`Another ${entity.toLowerCase()} has this ${field}.`);
  }
}

/** A write's version condition (HTTP's `If-Match`) did not hold: the record changed since it was read, or is gone. */
export class PreconditionFailedError extends StoreError {
  override readonly name = 'PreconditionFailedError';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${JSON.stringify(id)} is not at the version the write was conditioned on.`);
  }
}

/** An idempotency key already used, within its lifetime, for a create with other fields. */
export class IdempotencyKeyReusedError extends StoreError {
  override readonly name = 'IdempotencyKeyReusedError';
  constructor(readonly entity: string) {
    super(`This idempotency key was used to create another ${entity.toLowerCase()}.`);
  }
}

export class InvalidCursorError extends StoreError {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('The cursor is not one this service issued.');
  }
}

/** Storage is throttled or out of reach: worth retrying later. */
export class StoreUnavailableError extends StoreError {
  override readonly name = 'StoreUnavailableError';
  constructor(options: { cause: unknown }) {
    super('The store is unavailable.', options);
  }
}

/** Storage failed in a way a retry will not mend. */
export class StoreFailureError extends StoreError {
  override readonly name = 'StoreFailureError';
  constructor(options: { cause: unknown }) {
    super('The store failed.', options);
  }
}

// Kept below records/ (in settings/) so that dynamodb/ can throw it too; re-exported for the stores that do.
export { ConfigurationError } from '../settings/configuration-error.js';
