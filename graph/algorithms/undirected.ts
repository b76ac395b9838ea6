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
 * them would double the peak). Each pass is a function of its own on plain arguments, so V8 optimises each loop for
 * the one case it serves (one closure serving all three ran the merge at about 35 ns an entry on epinions).
 */
function mergeDirections(
  snapshot: Snapshot,
  weighted: boolean | null,
): { offsets: Int32Array; neighbors: Int32Array; weights: Float32Array | null } {
  const n = snapshot.nodeCount;
  const { outOffsets, outTargets, outWeights, inOffsets, inSources, inWeights } = snapshot;
  const offsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    const length = mergedLength(
      outTargets,
      outOffsets[v],
      outOffsets[v + 1],
      inSources,
      inOffsets[v],
      inOffsets[v + 1],
    );
    offsets[v + 1] = offsets[v] + length;
  }
  const neighbors = new Int32Array(offsets[n]);
  if (weighted === null) {
    for (let v = 0; v < n; v++) {
      mergeInto(
        outTargets,
        outOffsets[v],
        outOffsets[v + 1],
        inSources,
        inOffsets[v],
        inOffsets[v + 1],
        neighbors,
        offsets[v],
      );
    }
    return { offsets, neighbors, weights: null };
  }
  // Single precision: on the R-MAT graph of 50 million edges this array is 0.4 GB instead of 0.8, the largest part of
  // the communities' peak memory.
  const weights = new Float32Array(offsets[n]);
  const out = { ids: outTargets, weights: weighted ? outWeights : null };
  const inward = { ids: inSources, weights: weighted ? inWeights : null };
  for (let v = 0; v < n; v++) {
    mergeWeightedInto(
      out,
      outOffsets[v],
      outOffsets[v + 1],
      inward,
      inOffsets[v],
      inOffsets[v + 1],
      neighbors,
      weights,
      offsets[v],
    );
  }
  return { offsets, neighbors, weights };
}

/** The number of distinct ids in x[a..aEnd) and y[b..bEnd), both sorted. */
function mergedLength(x: Int32Array, a: number, aEnd: number, y: Int32Array, b: number, bEnd: number): number {
  let size = 0;
  let last = -1;
  while (a < aEnd && b < bEnd) {
    const p = x[a];
    const q = y[b];
    // Equal ids (a reciprocal pair) advance both lists at once.
    const next = p <= q ? p : q;
    if (p <= q) a++;
    if (q <= p) b++;
    if (next !== last) {
      size++;
      last = next;
    }
  }
  for (; a < aEnd; a++) {
    if (x[a] !== last) {
      size++;
      last = x[a];
    }
  }
  for (; b < bEnd; b++) {
    if (y[b] !== last) {
      size++;
      last = y[b];
    }
  }
  return size;
}

/** Writes the distinct ids of x[a..aEnd) and y[b..bEnd), both sorted, in order, into `into` from `base`. */
function mergeInto(
  x: Int32Array,
  a: number,
  aEnd: number,
  y: Int32Array,
  b: number,
  bEnd: number,
  into: Int32Array,
  base: number,
): void {
  let at = base;
  let last = -1;
  while (a < aEnd && b < bEnd) {
    const p = x[a];
    const q = y[b];
    const next = p <= q ? p : q;
    if (p <= q) a++;
    if (q <= p) b++;
    if (next !== last) {
      into[at++] = next;
      last = next;
    }
  }
  for (; a < aEnd; a++) {
    if (x[a] !== last) {
      into[at++] = x[a];
      last = x[a];
    }
  }
  for (; b < bEnd; b++) {
    if (y[b] !== last) {
      into[at++] = y[b];
      last = y[b];
    }
  }
}

/** One direction's adjacency for the weighted merge: ids, and weights (null: each entry weighs 1). */
interface Direction {
  ids: Int32Array;
  weights: Float32Array | null;
}

/**
 * The same merge with weights: an id's weight is the sum over every entry of it in either list (a reciprocal pair
 * counts both directions).
 */
function mergeWeightedInto(
  x: Direction,
  a: number,
  aEnd: number,
  y: Direction,
  b: number,
  bEnd: number,
  into: Int32Array,
  intoWeights: Float32Array,
  base: number,
): void {
  let size = 0;
  let last = -1;
  while (a < aEnd || b < bEnd) {
    let next: number;
    let w: number;
    if (b >= bEnd || (a < aEnd && x.ids[a] <= y.ids[b])) {
      next = x.ids[a];
      w = x.weights === null ? 1 : x.weights[a];
      a++;
    } else {
      next = y.ids[b];
      w = y.weights === null ? 1 : y.weights[b];
      b++;
    }
    if (next === last) {
      intoWeights[base + size - 1] += w;
    } else {
      into[base + size] = next;
      intoWeights[base + size] = w;
      size++;
      last = next;
    }
  }
}
