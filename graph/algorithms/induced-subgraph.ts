import type { Snapshot } from '../snapshot.ts';

/** Relationships among chosen people, as snapshot indices. */
export interface InducedEdges {
  sources: Int32Array;
  targets: Int32Array;
  weights: Float32Array;
  /** True when `limit` cut the list short. */
  truncated: boolean;
}

/**
 * The relationships of the induced subgraph on `people` (snapshot indices): every relationship whose two ends are
 * chosen, taken person by person in the order given and, for each, in the snapshot's order of their out-edges; at
 * most `limit` of them (default all). O(sum of the chosen people's out-degrees).
 */
export function inducedEdges(
  snapshot: Snapshot,
  people: ArrayLike<number>,
  options: { limit?: number } = {},
): InducedEdges {
  const limit = options.limit ?? Infinity;
  const chosen = new Uint8Array(snapshot.nodeCount);
  for (let i = 0; i < people.length; i++) chosen[people[i]] = 1;
  const sources: number[] = [];
  const targets: number[] = [];
  const weights: number[] = [];
  let truncated = false;
  const { outOffsets, outTargets, outWeights } = snapshot;
  outer: for (let i = 0; i < people.length; i++) {
    const s = people[i];
    for (let e = outOffsets[s]; e < outOffsets[s + 1]; e++) {
      const t = outTargets[e];
      if (chosen[t] === 0) continue;
      if (sources.length >= limit) {
        truncated = true;
        break outer;
      }
      sources.push(s);
      targets.push(t);
      weights.push(outWeights[e]);
    }
  }
  return {
    sources: Int32Array.from(sources),
    targets: Int32Array.from(targets),
    weights: Float32Array.from(weights),
    truncated,
  };
}
