import type { Person } from '../../../graph/model.ts';
import { searchKey } from '../validate.ts';

/** Columns of `people` in the order personValues() fills them. */
export const PERSON_COLUMNS =
  'pk, id, label, handle, segment, region, channels, customer, clv, sentiment, id_lc, label_lc, handle_lc';

/**
 * Inserts a person, or merges the given fields into the stored person (a field the row leaves out keeps its stored
 * value: importers emit bare `{ id }` people for relationship endpoints). The WHERE clause makes an update that
 * changes nothing count as no change, which is how a re-import leaves the graph version alone.
 */
export const UPSERT_PERSON_SQL = `
INSERT INTO people(${PERSON_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
ON CONFLICT(id) DO UPDATE SET
  label = coalesce(excluded.label, label), handle = coalesce(excluded.handle, handle),
  segment = coalesce(excluded.segment, segment), region = coalesce(excluded.region, region),
  channels = coalesce(excluded.channels, channels), customer = coalesce(excluded.customer, customer),
  clv = coalesce(excluded.clv, clv), sentiment = coalesce(excluded.sentiment, sentiment),
  label_lc = coalesce(excluded.label_lc, label_lc), handle_lc = coalesce(excluded.handle_lc, handle_lc)
WHERE (excluded.label IS NOT NULL AND excluded.label IS NOT label)
   OR (excluded.handle IS NOT NULL AND excluded.handle IS NOT handle)
   OR (excluded.segment IS NOT NULL AND excluded.segment IS NOT segment)
   OR (excluded.region IS NOT NULL AND excluded.region IS NOT region)
   OR (excluded.channels IS NOT NULL AND excluded.channels IS NOT channels)
   OR (excluded.customer IS NOT NULL AND excluded.customer IS NOT customer)
   OR (excluded.clv IS NOT NULL AND excluded.clv IS NOT clv)
   OR (excluded.sentiment IS NOT NULL AND excluded.sentiment IS NOT sentiment)`;

export function personValues(pk: number | null, p: Person): unknown[] {
  return [
    pk,
    p.id,
    p.label ?? null,
    p.handle ?? null,
    p.segment ?? null,
    p.region ?? null,
    p.channels == null ? null : JSON.stringify(p.channels),
    p.customer == null ? null : p.customer ? 1 : 0,
    p.clv ?? null,
    p.sentiment ?? null,
    searchKey(p.id),
    p.label == null ? null : searchKey(p.label),
    p.handle == null ? null : searchKey(p.handle),
  ];
}

/** True when the person carries any field besides the id. */
export function hasAttributes(p: Person): boolean {
  return (
    p.label != null ||
    p.handle != null ||
    p.segment != null ||
    p.region != null ||
    p.channels != null ||
    p.customer != null ||
    p.clv != null ||
    p.sentiment != null
  );
}

export interface PersonRow {
  pk: number;
  id: string;
  label: string | null;
  handle: string | null;
  segment: string | null;
  region: string | null;
  channels: string | null;
  customer: number | null;
  clv: number | null;
  sentiment: number | null;
}

export const PERSON_SELECT = 'pk, id, label, handle, segment, region, channels, customer, clv, sentiment';

/** A stored row as a Person, without the fields it does not have. */
export function toPerson(row: PersonRow): Person {
  const person: Person = { id: row.id };
  if (row.label !== null) person.label = row.label;
  if (row.handle !== null) person.handle = row.handle;
  if (row.segment !== null) person.segment = row.segment;
  if (row.region !== null) person.region = row.region;
  if (row.channels !== null) person.channels = JSON.parse(row.channels) as string[];
  if (row.customer !== null) person.customer = row.customer === 1;
  if (row.clv !== null) person.clv = row.clv;
  if (row.sentiment !== null) person.sentiment = row.sentiment;
  return person;
}

export const UPSERT_RELATIONSHIP_CONFLICT = `
ON CONFLICT(source, target, kind) DO UPDATE SET
  weight = excluded.weight, rating = excluded.rating, time = excluded.time, channel = excluded.channel
WHERE weight IS NOT excluded.weight OR rating IS NOT excluded.rating OR time IS NOT excluded.time OR channel IS NOT excluded.channel`;
