import type { Snapshot } from '../snapshot.ts';
import { undirectedAdjacency, type UndirectedAdjacency } from './undirected.ts';

/**
 * Core numbers (k-core decomposition) of the underlying undirected graph, by the O(m) bucket algorithm of Batagelj and
 * Zaversnik (2003): repeatedly remove a person of least remaining degree; their core number is that degree. Matches
 * `networkx.core_number(G.to_undirected())`.
 */
export function coreNumbers(
  snapshot: Snapshot,
  adjacency: UndirectedAdjacency = undirectedAdjacency(snapshot),
): Int32Array {
  const n = snapshot.nodeCount;
  const { offsets, neighbors } = adjacency;
  const degree = new Int32Array(n);
  let maxDegree = 0;
  for (let v = 0; v < n; v++) {
    degree[v] = offsets[v + 1] - offsets[v];
    if (degree[v] > maxDegree) maxDegree = degree[v];
  }
  // Bucket sort by degree: order[] holds people by degree, position[] where each is, binStart[] where each degree starts.
  const binStart = new Int32Array(maxDegree + 2);
  for (let v = 0; v < n; v++) binStart[degree[v] + 1]++;
  for (let k = 0; k <= maxDegree; k++) binStart[k + 1] += binStart[k];
  const order = new Int32Array(n);
  const position = new Int32Array(n);
  const fill = binStart.slice(0, maxDegree + 1);
  for (let v = 0; v < n; v++) {
    position[v] = fill[degree[v]]++;
    order[position[v]] = v;
  }
  for (let i = 0; i < n; i++) {
    const v = order[i];
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const u = neighbors[e];
      if (degree[u] > degree[v]) {
        // Move u to the front of its bin, then shrink its degree by one (it joins the previous bin).
        const du = degree[u];
        const front = binStart[du];
        const w = order[front];
        if (w !== u) {
          order[position[u]] = w;
          position[w] = position[u];
          order[front] = u;
          position[u] = front;
        }
        binStart[du]++;
        degree[u]--;
      }
    }
  }
  return degree;
}
