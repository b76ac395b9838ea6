import type { ManagedTransaction } from 'neo4j-driver';
import type { Person, Relationship } from '../../../graph/model.ts';
import { searchKey } from '../validate.ts';

/**
 * How people and relationships look in Neo4j: `(:Person {id, label, handle, ...})` nodes and
 * `(:Person)-[:INFLUENCES {kind, weight, rating, time, channel}]->(:Person)` relationships, one relationship type in
 * the stored direction "source influences target" with what the source data said in `kind`. `lc_id`, `lc_label` and
 * `lc_handle` hold lower-cased copies for case-insensitive prefix search (indexed).
 */
export const PERSON_FIELDS = ['label', 'handle', 'segment', 'region', 'channels', 'customer', 'clv', 'sentiment'] as const;

/** The stored properties of a person: the fields it has (a bare `{ id }` changes nothing when merged) and search keys. */
export function personProperties(person: Person): Record<string, unknown> {
  const properties: Record<string, unknown> = { lc_id: searchKey(person.id) };
  for (const field of PERSON_FIELDS) {
    const value = person[field];
    if (value !== undefined && value !== null) properties[field] = value;
  }
  if (person.label != null) properties.lc_label = searchKey(person.label);
  if (person.handle != null) properties.lc_handle = searchKey(person.handle);
  return properties;
}

export function toPerson(properties: Record<string, unknown>): Person {
  const person: Person = { id: properties.id as string };
  for (const field of PERSON_FIELDS) {
    const value = properties[field];
    if (value !== undefined && value !== null) (person as unknown as Record<string, unknown>)[field] = value;
  }
  return person;
}

export interface RelationshipRow {
  s: string;
  t: string;
  k: string;
  w: number;
  r: number | null;
  tm: number | null;
  ch: string | null;
}

export function relationshipRow(r: Relationship): RelationshipRow {
  return { s: r.source, t: r.target, k: r.kind, w: r.weight, r: r.rating ?? null, tm: r.time ?? null, ch: r.channel ?? null };
}

export function toRelationship(source: string, target: string, properties: Record<string, unknown>): Relationship {
  const relationship: Relationship = { source, target, kind: properties.kind as Relationship['kind'], weight: properties.weight as number };
  if (properties.rating != null) relationship.rating = properties.rating as number;
  if (properties.time != null) relationship.time = properties.time as number;
  if (properties.channel != null) relationship.channel = properties.channel as string;
  return relationship;
}

/**
 * Merges people; counts those created or whose given fields differ from the stored ones (every stored person has
 * `lc_id`, so its absence right after MERGE means the node was just created).
 */
const MERGE_PEOPLE = `
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
WITH p, row, p.lc_id IS NULL AS created
WHERE created OR any(key IN keys(row.properties) WHERE p[key] IS NULL OR p[key] <> row.properties[key])
SET p += row.properties
RETURN count(p) AS changed`;

/**
 * Merges relationships on (source, target, kind); counts those created or whose values changed. Both endpoints exist:
 * callers merge every endpoint as a person first.
 */
const MERGE_RELATIONSHIPS = `
UNWIND $rows AS row
MATCH (a:Person {id: row.s})
MATCH (b:Person {id: row.t})
MERGE (a)-[r:INFLUENCES {kind: row.k}]->(b)
WITH r, row
WHERE r.weight IS NULL OR r.weight <> row.w
   OR (r.rating IS NULL) <> (row.r IS NULL) OR r.rating <> row.r
   OR (r.time IS NULL) <> (row.tm IS NULL) OR r.time <> row.tm
   OR (r.channel IS NULL) <> (row.ch IS NULL) OR r.channel <> row.ch
SET r.weight = row.w, r.rating = row.r, r.time = row.tm, r.channel = row.ch
RETURN count(r) AS changed`;

/** Rows sent per UNWIND query. */
const ROWS_PER_QUERY = 10_000;

/** Applies people, then relationships, inside the caller's transaction; returns how many elements changed. */
export async function mergeRows(
  tx: ManagedTransaction,
  people: { id: string; properties: Record<string, unknown> }[],
  relationships: RelationshipRow[],
): Promise<number> {
  let changed = 0;
  for (let i = 0; i < people.length; i += ROWS_PER_QUERY) {
    const result = await tx.run(MERGE_PEOPLE, { rows: people.slice(i, i + ROWS_PER_QUERY) });
    changed += result.records[0].get('changed') as number;
  }
  for (let i = 0; i < relationships.length; i += ROWS_PER_QUERY) {
    const result = await tx.run(MERGE_RELATIONSHIPS, { rows: relationships.slice(i, i + ROWS_PER_QUERY) });
    changed += result.records[0].get('changed') as number;
  }
  return changed;
}

/**
 * The rows to merge for some people and relationships: people as given (a repeated id merges in order), then a bare
 * row for every relationship endpoint not among them and not in `known`.
 */
export function rowsFor(
  people: Person[],
  relationships: Relationship[],
  known: Set<string> | null,
): { people: { id: string; properties: Record<string, unknown> }[]; relationships: RelationshipRow[] } {
  const rows = people.map((p) => ({ id: p.id, properties: personProperties(p) }));
  const named = new Set(people.map((p) => p.id));
  for (const r of relationships) {
    for (const id of [r.source, r.target]) {
      if (!named.has(id) && !known?.has(id)) {
        named.add(id);
        rows.push({ id, properties: personProperties({ id }) });
      }
    }
  }
  return { people: rows, relationships: relationships.map(relationshipRow) };
}
