import type { VersionCondition } from '@items-api/dynamodb-records';

// An item's ETag is its version, quoted: strong, since a version names exactly one state of the item.
// Parsing follows RFC 9110 §8.8.3 and §13.1: a list of entity tags or `*`.

export function etagOf(version: number): string {
  return `"${version}"`;
}

const ENTITY_TAG = /^(W\/)?"([^"]*)"$/;

interface EntityTag {
  weak: boolean;
  opaque: string;
}

function parseList(header: string): EntityTag[] | '*' {
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((part) => ENTITY_TAG.exec(part.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ weak: match[1] !== undefined, opaque: match[2]! }));
}

/**
 * `If-Match` as the store's condition: the versions its strong tags name (a weak tag never matches,
 * §13.1.1), `*`, or undefined without the header. Tags that name no version leave an empty list,
 * which no item meets.
 */
export function ifMatchCondition(header: string | undefined): VersionCondition | undefined {
  if (header === undefined) return undefined;
  const tags = parseList(header);
  if (tags === '*') return '*';
  return tags.filter((tag) => !tag.weak && /^[1-9]\d{0,15}$/.test(tag.opaque)).map((tag) => Number(tag.opaque));
}

/** `If-Match` on a read: true when the header is absent or names the current version (strong comparison). */
export function ifMatchHolds(header: string | undefined, version: number): boolean {
  const condition = ifMatchCondition(header);
  return condition === undefined || condition === '*' || condition.includes(version);
}

/** `If-None-Match` against the current version, by weak comparison (§13.1.2): true means 304. */
export function noneMatchHolds(header: string | undefined, version: number): boolean {
  if (header === undefined) return false;
  const tags = parseList(header);
  return tags === '*' || tags.some((tag) => tag.opaque === String(version));
}
