import { InvalidOptionsError } from '../../graph/errors.ts';
import { checkNumber, withDefaults } from '../../graph/options.ts';
import { RELATIONSHIP_KINDS, type Person, type Relationship, type RelationshipKind } from '../../graph/model.ts';

/**
 * Checks that the store receives well-formed people and relationships. The importers validate every field with file,
 * line and field named; these checks guard the other writers (API edits, tests) so that nothing malformed is stored,
 * and name the element and field at fault.
 */
export function checkPerson(person: Person, where: string): void {
  if (person === null || typeof person !== 'object') throw new InvalidOptionsError(where, 'a person must be an object');
  checkId(person.id, where, 'person "id"');
  for (const field of ['label', 'handle', 'segment', 'region'] as const) {
    const value = person[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new InvalidOptionsError(where, `person "${person.id}": "${field}" must be a string`);
    }
  }
  if (person.channels !== undefined && person.channels !== null) {
    if (!Array.isArray(person.channels) || person.channels.some((c) => typeof c !== 'string')) {
      throw new InvalidOptionsError(where, `person "${person.id}": "channels" must be a list of strings`);
    }
  }
  if (person.customer !== undefined && person.customer !== null && typeof person.customer !== 'boolean') {
    throw new InvalidOptionsError(where, `person "${person.id}": "customer" must be true or false`);
  }
  if (person.clv !== undefined && person.clv !== null && !Number.isFinite(person.clv)) {
    throw new InvalidOptionsError(where, `person "${person.id}": "clv" must be a finite number`);
  }
  if (person.sentiment !== undefined && person.sentiment !== null) {
    if (!Number.isFinite(person.sentiment) || person.sentiment < -1 || person.sentiment > 1) {
      throw new InvalidOptionsError(where, `person "${person.id}": "sentiment" must be a number in [-1, 1]`);
    }
  }
}

export function checkRelationship(relationship: Relationship, where: string): void {
  if (relationship === null || typeof relationship !== 'object')
    throw new InvalidOptionsError(where, 'a relationship must be an object');
  checkId(relationship.source, where, 'relationship "source"');
  checkId(relationship.target, where, 'relationship "target"');
  const name = `relationship ${relationship.source} -> ${relationship.target}`;
  if (!RELATIONSHIP_KINDS.includes(relationship.kind)) {
    throw new InvalidOptionsError(where, `${name}: "kind" must be one of ${RELATIONSHIP_KINDS.join(', ')}`);
  }
  if (typeof relationship.weight !== 'number' || !(relationship.weight > 0) || !Number.isFinite(relationship.weight)) {
    throw new InvalidOptionsError(where, `${name}: "weight" must be a finite number greater than 0`);
  }
  if (relationship.rating !== undefined && relationship.rating !== null) {
    if (!Number.isFinite(relationship.rating) || relationship.rating < -1 || relationship.rating > 1) {
      throw new InvalidOptionsError(where, `${name}: "rating" must be a number in [-1, 1]`);
    }
  }
  if (relationship.time !== undefined && relationship.time !== null && !Number.isFinite(relationship.time)) {
    throw new InvalidOptionsError(where, `${name}: "time" must be a finite number (Unix seconds)`);
  }
  if (relationship.channel !== undefined && relationship.channel !== null && typeof relationship.channel !== 'string') {
    throw new InvalidOptionsError(where, `${name}: "channel" must be a string`);
  }
}

function checkId(id: unknown, where: string, what: string): void {
  if (typeof id !== 'string' || id.length === 0)
    throw new InvalidOptionsError(where, `${what} must be a non-empty string`);
}

/** Relationship kinds as small integers in the embedded store (1 byte a row instead of up to 10). */
export const KIND_CODES: Record<RelationshipKind, number> = { follows: 0, trusts: 1, influences: 2 };
export const KIND_BY_CODE: readonly RelationshipKind[] = ['follows', 'trusts', 'influences'];

/**
 * The text search compares: prefix matching is case-insensitive, so both stores keep a lower-cased copy of id, label
 * and handle, lower-cased here in one place so that both stores agree (JavaScript's toLowerCase is locale-independent).
 */
export function searchKey(text: string): string {
  return text.toLowerCase();
}

/** A `limit` option of a listing: a positive integer up to `max`, `fallback` when absent. */
export function limitOption(
  where: string,
  options: { limit?: number } | undefined,
  fallback: number,
  max = 10_000,
): number {
  const limit = withDefaults({ limit: fallback }, options, where).limit;
  return checkNumber(where, 'limit', limit, { min: 1, max, integer: true });
}
