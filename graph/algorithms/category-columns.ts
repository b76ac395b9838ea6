import type { Person } from '../model.ts';
import type { Snapshot } from '../snapshot.ts';
import type { CategoryColumn } from './community-profile.ts';

/**
 * The people's categorical attributes as columns by snapshot index, for community profiles (community-profile.ts):
 * the snapshot holds no strings, so the caller streams the people once and gets codes. Segment and region hold one
 * value, channels several; customer status is "customers" or "prospects". Labels are sorted, so the same people give
 * the same codes; a column nobody has a value in is left out.
 */
export const PROFILE_ATTRIBUTES = ['segment', 'region', 'channel', 'status'] as const;

export function categoryColumnsOf(snapshot: Snapshot, people: Iterable<Person>): CategoryColumn[] {
  const n = snapshot.nodeCount;
  const segment: Array<string | undefined> = new Array(n);
  const region: Array<string | undefined> = new Array(n);
  const channels: Array<string[] | undefined> = new Array(n);
  const status: Array<string | undefined> = new Array(n);
  for (const person of people) {
    const i = snapshot.ids.indexOf(person.id);
    if (i < 0) continue;
    segment[i] = person.segment;
    region[i] = person.region;
    channels[i] = person.channels;
    status[i] = person.customer === undefined ? undefined : person.customer ? 'customers' : 'prospects';
  }
  const columns = [
    single('segment', segment),
    single('region', region),
    multiple('channel', channels),
    single('status', status),
  ];
  return columns.filter((column) => column.labels.length > 0);
}

function single(attribute: string, values: Array<string | undefined>): CategoryColumn {
  const labels = [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].sort();
  const code = new Map(labels.map((label, k) => [label, k]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = values[i] ? code.get(values[i]!)! : -1;
  return { attribute, labels, codes };
}

function multiple(attribute: string, values: Array<string[] | undefined>): CategoryColumn {
  const labels = [...new Set(values.flatMap((v) => v ?? []).filter((v) => v !== ''))].sort();
  const code = new Map(labels.map((label, k) => [label, k]));
  const offsets = new Int32Array(values.length + 1);
  for (let i = 0; i < values.length; i++)
    offsets[i + 1] = offsets[i] + (values[i]?.filter((v) => code.has(v)).length ?? 0);
  const codes = new Int32Array(offsets[values.length]);
  for (let i = 0; i < values.length; i++) {
    let at = offsets[i];
    for (const v of values[i] ?? []) if (code.has(v)) codes[at++] = code.get(v)!;
  }
  return { attribute, labels, codes, offsets };
}
