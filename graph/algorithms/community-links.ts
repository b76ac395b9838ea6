import type { Snapshot } from '../snapshot.ts';

/** How communities are linked: counts of relationships inside each, across each pair, and per person. */
export interface CommunityLinks {
  /** Relationships with both ends in the community, by community. */
  internal: Map<number, number>;
  /** Relationships with exactly one end in the community, by community. */
  external: Map<number, number>;
  /** Relationships between two communities, either direction, one entry per linked pair (a < b). */
  pairs: Array<{ a: number; b: number; links: number }>;
  /** Relationships from or to another community, by snapshot index (what makes a person a bridge). */
  externalByPerson: Int32Array;
}

/**
 * Counts relationships within and across communities in one pass over the out-edges, O(n + m). `community` gives a
 * community label by snapshot index; NaN (no community) leaves a person and their relationships out.
 */
export function communityLinks(snapshot: Snapshot, community: ArrayLike<number>): CommunityLinks {
  const internal = new Map<number, number>();
  const external = new Map<number, number>();
  const between = new Map<number, Map<number, number>>();
  const externalByPerson = new Int32Array(snapshot.nodeCount);
  const add = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + 1);
  const { outOffsets, outTargets } = snapshot;
  for (let s = 0; s < snapshot.nodeCount; s++) {
    const cs = community[s];
    if (Number.isNaN(cs)) continue;
    if (!internal.has(cs)) internal.set(cs, 0);
    if (!external.has(cs)) external.set(cs, 0);
    for (let e = outOffsets[s]; e < outOffsets[s + 1]; e++) {
      const t = outTargets[e];
      const ct = community[t];
      if (Number.isNaN(ct)) continue;
      if (cs === ct) {
        add(internal, cs);
        continue;
      }
      add(external, cs);
      add(external, ct);
      externalByPerson[s]++;
      externalByPerson[t]++;
      const [a, b] = cs < ct ? [cs, ct] : [ct, cs];
      let row = between.get(a);
      if (!row) between.set(a, (row = new Map()));
      add(row, b);
    }
  }
  const pairs: CommunityLinks['pairs'] = [];
  for (const [a, row] of between) for (const [b, links] of row) pairs.push({ a, b, links });
  return { internal, external, pairs, externalByPerson };
}
