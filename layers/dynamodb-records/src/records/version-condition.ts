import { NotFoundError, PreconditionFailedError } from './errors.js';
import type { VersionCondition } from './record.js';
import { isRecordId } from './record-id.js';

/** The most versions a write's condition can name (DynamoDB's limit for `IN`). */
export const MAX_CONDITION_VERSIONS = 100;

export interface WriteCondition {
  expression: string;
  /** `#version`, when the expression names it. */
  names: Record<string, string>;
  values: Record<string, number>;
  /** The error for a write whose condition failed. */
  failure: () => Error;
}

/**
 * The condition of a replace or delete: the record exists and, with `ifMatch`, is at one of the given
 * versions — checked by DynamoDB in the write itself, so two writers can never both pass it. Throws
 * at once for ids no store issues, and for an `ifMatch` that no version can meet.
 */
export function writeCondition(entity: string, id: string, ifMatch: VersionCondition | undefined): WriteCondition {
  if (!isRecordId(id)) throw new NotFoundError(entity, id);
  const failure = (): Error => (ifMatch === undefined ? new NotFoundError(entity, id) : new PreconditionFailedError(entity, id));
  const versions = ifMatch === '*' || ifMatch === undefined ? [] : [...new Set(ifMatch)];
  if (ifMatch !== undefined && ifMatch !== '*' && versions.length === 0) throw failure();
  // The HTTP layer refuses longer lists before they get here.
  if (versions.length > MAX_CONDITION_VERSIONS) throw new RangeError(`At most ${MAX_CONDITION_VERSIONS} versions can be named.`);
  const values = Object.fromEntries(versions.map((version, i) => [`:v${i}`, version]));
  // A record written before versions existed has no version attribute and is at version 1.
  const unversioned = versions.includes(1) ? ' OR attribute_not_exists(#version)' : '';
  return {
    expression:
      versions.length === 0
        ? 'attribute_exists(id)'
        : `attribute_exists(id) AND (#version IN (${Object.keys(values).join(', ')})${unversioned})`,
    names: versions.length > 0 ? { '#version': 'version' } : {},
    values,
    failure,
  };
}
