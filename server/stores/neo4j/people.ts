import { randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { Person, Relationship } from '../../../graph/model.ts';
import { searchKey } from '../validate.ts';

/**
 * How people and relationships look in Neo4j: `(:Person {id, label, handle, ...})` nodes and
 * `(:Person)-[:INFLUENCES {kind, weight, rating, time, channel}]->(:Person)` relationships, one relationship type in
 * the stored direction "source influences target" with what the source data said in `kind`. `lc_id`, `lc_label` and
 * `lc_handle` hold lower-cased copies for case-insensitive prefix search (indexed).
 */
export const PERSON_FIELDS = [
  'label',
  'handle',
  'segment',
  'region',
  'channels',
  'customer',
  'clv',
  'sentiment',
] as const;

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
  return {
    s: r.source,
    t: r.target,
    k: r.kind,
    w: r.weight,
    r: r.rating ?? null,
    tm: r.time ?? null,
    ch: r.channel ?? null,
  };
}

export function toRelationship(source: string, target: string, properties: Record<string, unknown>): Relationship {
  const relationship: Relationship = {
    source,
    target,
    kind: properties.kind as Relationship['kind'],
    weight: properties.weight as number,
  };
  if (properties.rating != null) relationship.rating = properties.rating as number;
  if (properties.time != null) relationship.time = properties.time as number;
  if (properties.channel != null) relationship.channel = properties.channel as string;
  return relationship;
}

/**
 * Merges people; counts those created or whose given fields differ from the stored ones, and names those created.
 * Every stored person has `lc_id` (this module is the only writer of people and always sets it), so its absence right
 * after MERGE means the node was just created by this statement.
 */
const MERGE_PEOPLE = `
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
WITH p, row, p.lc_id IS NULL AS created
WHERE created OR any(key IN keys(row.properties) WHERE p[key] IS NULL OR p[key] <> row.properties[key])
SET p += row.properties
RETURN count(p) AS changed, collect(CASE WHEN created THEN row.id END) AS created`;

/*
 * Relationship rows travel as parallel lists (one per field) rather than a list of maps: Neo4j decodes and reads a
 * list of 10,000 small maps markedly slower than seven flat lists (about a quarter of the apply time on epinions).
 */

/**
 * Merges relationships on (source, target, kind); counts those created or whose values changed. Both endpoints exist:
 * callers merge every endpoint as a person first. Repeated keys apply in order, so the last row wins.
 */
const MERGE_RELATIONSHIPS = `
UNWIND range(0, size($s) - 1) AS i
MATCH (a:Person {id: $s[i]})
MATCH (b:Person {id: $t[i]})
MERGE (a)-[r:INFLUENCES {kind: $k[i]}]->(b)
WITH r, $w[i] AS w, $r[i] AS rating, $tm[i] AS time, $ch[i] AS channel
WHERE r.weight IS NULL OR r.weight <> w
   OR (r.rating IS NULL) <> (rating IS NULL) OR r.rating <> rating
   OR (r.time IS NULL) <> (time IS NULL) OR r.time <> time
   OR (r.channel IS NULL) <> (channel IS NULL) OR r.channel <> channel
SET r.weight = w, r.rating = rating, r.time = time, r.channel = channel
RETURN count(r) AS changed`;

/**
 * Creates relationships known not to exist yet (see fresh-relationships.ts for when that is known); each one created
 * is a change. Null fields are simply not stored, as SET to null does in MERGE_RELATIONSHIPS.
 */
const CREATE_RELATIONSHIPS = `
UNWIND range(0, size($s) - 1) AS i
MATCH (a:Person {id: $s[i]})
MATCH (b:Person {id: $t[i]})
CREATE (a)-[r:INFLUENCES {kind: $k[i], weight: $w[i], rating: $r[i], time: $tm[i], channel: $ch[i]}]->(b)
RETURN count(r) AS changed`;

/** Rows sent per UNWIND query. */
const ROWS_PER_QUERY = 10_000;

type PersonRow = { id: string; properties: Record<string, unknown> };

/** Applies people, then relationships, inside the caller's transaction; returns how many elements changed. */
export async function mergeRows(
  tx: ManagedTransaction,
  people: PersonRow[],
  relationships: RelationshipRow[],
): Promise<number> {
  if (relationships.length > 0) await takeWriterStamp(tx, randomUUID());
  const merged = await mergePeople(tx, people);
  return merged.changed + (await writeRelationships(tx, MERGE_RELATIONSHIPS, relationships));
}

/** Merges people in the caller's transaction: how many changed, and the ids of those created. */
export async function mergePeople(
  tx: ManagedTransaction,
  people: PersonRow[],
): Promise<{ changed: number; created: string[] }> {
  let changed = 0;
  const created: string[] = [];
  for (let i = 0; i < people.length; i += ROWS_PER_QUERY) {
    const result = await tx.run(MERGE_PEOPLE, { rows: people.slice(i, i + ROWS_PER_QUERY) });
    changed += result.records[0].get('changed') as number;
    for (const id of result.records[0].get('created') as string[]) created.push(id);
  }
  return { changed, created };
}

/** Merges relationships (upserts on source, target, kind); returns how many changed. */
export function mergeRelationships(tx: ManagedTransaction, rows: RelationshipRow[]): Promise<number> {
  return writeRelationships(tx, MERGE_RELATIONSHIPS, rows);
}

/** Creates relationships the caller has proven absent (one row per key); returns how many were created. */
export function createRelationships(tx: ManagedTransaction, rows: RelationshipRow[]): Promise<number> {
  return writeRelationships(tx, CREATE_RELATIONSHIPS, rows);
}

async function writeRelationships(tx: ManagedTransaction, query: string, rows: RelationshipRow[]): Promise<number> {
  let changed = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_QUERY) {
    const part = rows.slice(i, i + ROWS_PER_QUERY);
    const result = await tx.run(query, {
      s: part.map((row) => row.s),
      t: part.map((row) => row.t),
      k: part.map((row) => row.k),
      w: part.map((row) => row.w),
      r: part.map((row) => row.r),
      tm: part.map((row) => row.tm),
      ch: part.map((row) => row.ch),
    });
    changed += result.records[0].get('changed') as number;
  }
  return changed;
}

/**
 * Every writer of relationships stamps `SwayMeta.relationshipWriter` in its transaction, with this, before it writes
 * any, so an importer can tell whether anyone else wrote relationships since its own previous transaction
 * (fresh-relationships.ts). Takes the write lock on SwayMeta, stamps, and returns the previous writer. The lock is
 * taken by a statement of its own first: read before the lock, the previous value could be one a concurrent
 * transaction is about to replace.
 */
export async function takeWriterStamp(tx: ManagedTransaction, writer: string): Promise<string | null> {
  await tx.run("MATCH (m:SwayMeta {key: 'sway'}) SET m.relationshipWriterLock = true");
  const result = await tx.run(
    "MATCH (m:SwayMeta {key: 'sway'}) WITH m, m.relationshipWriter AS previous SET m.relationshipWriter = $writer REMOVE m.relationshipWriterLock RETURN previous",
    { writer },
  );
  return result.records.length === 0 ? null : ((result.records[0].get('previous') as string | null) ?? null);
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
