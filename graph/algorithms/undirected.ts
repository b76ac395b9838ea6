import type { Snapshot } from '../snapshot.ts';

/** The underlying undirected simple graph of a snapshot: u ~ v when either influences the other. */
export interface UndirectedAdjacency {
  offsets: Int32Array;
  neighbors: Int32Array;
}

/** The same with a weight on each entry. */
export interface WeightedAdjacency extends UndirectedAdjacency {
  /**
   * The weight of each entry. A self entry (u, u) holds twice the loop's weight, as a loop adds 2w to a degree. Single
   * precision for a snapshot's own graph (its weights are single precision already, and a pair sums at most two of
   * them: counts of 1 and 2 are exact), double for aggregated graphs, whose entries sum many.
   */
  weights: Float32Array | Float64Array;
}

/**
 * Merges each person's sorted out- and in-neighbour lists, dropping duplicates (a reciprocal pair is one undirected
 * edge). Linear in the number of edges.
 */
export function undirectedAdjacency(snapshot: Snapshot): UndirectedAdjacency {
  const { offsets, neighbors } = mergeDirections(snapshot, null);
  return { offsets, neighbors };
}

/**
 * The same, weighted: each pair by the sum of both directions' weights (a reciprocal pair counts twice), or by the
 * number of directions when `weighted` is false. Every edge is stored from both ends, as Louvain needs.
 */
export function weightedAdjacency(snapshot: Snapshot, weighted: boolean): WeightedAdjacency {
  const { offsets, neighbors, weights } = mergeDirections(snapshot, weighted);
  return { offsets, neighbors, weights: weights! };
}

/**
 * One linear merge for both: `weighted` null keeps no weights. Two passes, the first counting each person's merged
 * list, so that the arrays are allocated at their final size (on large graphs they are gigabytes, and a copy to trim
 * them would double the peak).
 */
function mergeDirections(
  snapshot: Snapshot,
  weighted: boolean | null,
): { offsets: Int32Array; neighbors: Int32Array; weights: Float32Array | null } {
  const n = snapshot.nodeCount;
  const { outOffsets, outTargets, outWeights, inOffsets, inSources, inWeights } = snapshot;
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + merge(v, null, null);
  const neighbors = new Int32Array(offsets[n]);
  // Single precision: on the R-MAT graph of 50 million edges this array is 0.4 GB instead of 0.8, the largest part of
  // the communities' peak memory.
  const weights = weighted === null ? null : new Float32Array(offsets[n]);
  for (let v = 0; v < n; v++) merge(v, neighbors, weights);
  return { offsets, neighbors, weights };

  /** Merges v's sorted out- and in-lists into the arrays at offsets[v] (when given); returns the merged length. */
  function merge(v: number, into: Int32Array | null, intoWeights: Float32Array | null): number {
    let a = outOffsets[v];
    const aEnd = outOffsets[v + 1];
    let b = inOffsets[v];
    const bEnd = inOffsets[v + 1];
    const base = offsets[v];
    let size = 0;
    let last = -1;
    while (a < aEnd || b < bEnd) {
      let next: number;
      let w: number;
      if (b >= bEnd || (a < aEnd && outTargets[a] <= inSources[b])) {
        next = outTargets[a];
        w = weighted ? outWeights[a] : 1;
        a++;
      } else {
        next = inSources[b];
        w = weighted ? inWeights[b] : 1;
        b++;
      }
      if (next === last) {
        if (intoWeights) intoWeights[base + size - 1] += w;
      } else {
        if (into) into[base + size] = next;
        if (intoWeights) intoWeights[base + size] = w;
        size++;
        last = next;
      }
    }
    return size;
  }
}
