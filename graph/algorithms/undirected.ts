import type { Snapshot } from '../snapshot.ts';

/** The underlying undirected simple graph of a snapshot: u ~ v when either influences the other. */
export interface UndirectedAdjacency {
  offsets: Int32Array;
  neighbors: Int32Array;
}

/**
 * Merges each person's sorted out- and in-neighbour lists, dropping duplicates (a reciprocal pair is one undirected
 * edge). Linear in the number of edges.
 */
export function undirectedAdjacency(snapshot: Snapshot): UndirectedAdjacency {
  const n = snapshot.nodeCount;
  const { outOffsets, outTargets, inOffsets, inSources } = snapshot;
  const offsets = new Int32Array(n + 1);
  const buffer = new Int32Array(outTargets.length + inSources.length);
  let size = 0;
  for (let v = 0; v < n; v++) {
    let a = outOffsets[v];
    const aEnd = outOffsets[v + 1];
    let b = inOffsets[v];
    const bEnd = inOffsets[v + 1];
    let last = -1;
    while (a < aEnd || b < bEnd) {
      let next: number;
      if (b >= bEnd || (a < aEnd && outTargets[a] <= inSources[b])) next = outTargets[a++];
      else next = inSources[b++];
      if (next !== last) {
        buffer[size++] = next;
        last = next;
      }
    }
    offsets[v + 1] = size;
  }
  return { offsets, neighbors: buffer.slice(0, size) };
}
