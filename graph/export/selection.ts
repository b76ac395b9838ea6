import { InvalidOptionsError } from '../errors.ts';
import { checkNumber } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';

/**
 * Which part of the graph to export: everyone, the N people with the highest value of a score column, one community,
 * or the people within a few steps of one person (relationships followed either way). The relationships kept are
 * those between two people kept. A pure function of the snapshot and the score columns.
 */
export type GraphSelection =
  | { kind: 'all' }
  | { kind: 'top'; column: string; count: number }
  | { kind: 'community'; community: number }
  | { kind: 'ego'; person: string; depth: number };

export interface SelectedGraph {
  /** Snapshot indices of the people kept, ascending. */
  people: Int32Array;
  /** Relationships between people kept, in the snapshot (one per direction). */
  relationships: number;
  hasPerson(id: string): boolean;
  /** Whether a relationship is kept: both people are. */
  hasRelationship(relationship: { source: string; target: string }): boolean;
}

/** Depth at most: three steps already reach most of a social network. */
export const MAX_EGO_DEPTH = 3;

export function selectGraph(
  snapshot: Snapshot,
  selection: GraphSelection,
  columns: Readonly<Record<string, ArrayLike<number>>> = {},
): SelectedGraph {
  const where = 'graph selection';
  const n = snapshot.nodeCount;
  const kept = new Uint8Array(n);
  switch (selection.kind) {
    case 'all':
      kept.fill(1);
      break;
    case 'top': {
      checkNumber(where, 'count', selection.count, { min: 1, integer: true });
      const values = columnOrThrow(columns, selection.column, n, where);
      const value = (i: number) => (Number.isNaN(values[i]) ? -Infinity : values[i]);
      const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => value(b) - value(a) || a - b);
      for (let k = 0; k < Math.min(selection.count, n); k++) kept[order[k]] = 1;
      break;
    }
    case 'community': {
      checkNumber(where, 'community', selection.community, { min: 0, integer: true });
      const community = columnOrThrow(columns, 'community', n, where);
      let members = 0;
      for (let i = 0; i < n; i++) if (community[i] === selection.community) members += kept[i] = 1;
      if (members === 0) throw new InvalidOptionsError(where, `there is no community ${selection.community}`);
      break;
    }
    case 'ego':
      checkNumber(where, 'depth', selection.depth, { min: 1, max: MAX_EGO_DEPTH, integer: true });
      markWithin(snapshot, snapshot.indexOfOrThrow(selection.person, where), selection.depth, kept);
      break;
    default:
      throw new InvalidOptionsError(
        where,
        `unknown selection ${JSON.stringify((selection as { kind: unknown }).kind)}`,
      );
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += kept[i];
  const people = new Int32Array(count);
  let relationships = 0;
  for (let i = 0, k = 0; i < n; i++) {
    if (!kept[i]) continue;
    people[k++] = i;
    for (let e = snapshot.outOffsets[i]; e < snapshot.outOffsets[i + 1]; e++)
      relationships += kept[snapshot.outTargets[e]];
  }
  const has = (id: string) => {
    const i = snapshot.ids.indexOf(id);
    return i >= 0 && kept[i] === 1;
  };
  return { people, relationships, hasPerson: has, hasRelationship: (r) => has(r.source) && has(r.target) };
}

function columnOrThrow(
  columns: Readonly<Record<string, ArrayLike<number>>>,
  name: string,
  n: number,
  where: string,
): ArrayLike<number> {
  const values = columns[name];
  if (!values) throw new InvalidOptionsError(where, `there is no score column "${name}" (score the graph first)`);
  if (values.length !== n)
    throw new InvalidOptionsError(where, `score column "${name}" has ${values.length} values for ${n} people`);
  return values;
}

/** Marks everyone within `depth` steps of `start`, following relationships either way (breadth first). */
function markWithin(snapshot: Snapshot, start: number, depth: number, kept: Uint8Array): void {
  let frontier = [start];
  kept[start] = 1;
  for (let step = 0; step < depth && frontier.length > 0; step++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const [offsets, list] of [
        [snapshot.outOffsets, snapshot.outTargets],
        [snapshot.inOffsets, snapshot.inSources],
      ] as const) {
        for (let e = offsets[u]; e < offsets[u + 1]; e++) {
          const v = list[e];
          if (!kept[v]) {
            kept[v] = 1;
            next.push(v);
          }
        }
      }
    }
    frontier = next;
  }
}
