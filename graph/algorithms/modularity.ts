import type { WeightedAdjacency } from './undirected.ts';

/**
 * The quality functions that Louvain (louvain.ts) and Leiden (leiden.ts) maximise, and the two operations on a
 * partition they share: the graph of its communities, and its split into connected parts.
 *
 * Modularity with resolution γ (Newman and Girvan 2004; Reichardt and Bornholdt 2006), for a weighted undirected graph
 * with total weight m:
 *   Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ]
 * where in_c sums the adjacency entries inside community c (an edge counts from both ends) and tot_c the strengths of
 * its members. This is what networkx.community.modularity computes.
 *
 * The Constant Potts Model (Traag, Van Dooren and Nesterov, "Narrow scope for resolution-limit-free community
 * detection", Phys. Rev. E 84, 2011):
 *   H = Σ_c [ e_c − γ n_c (n_c − 1) / 2 ]
 * where e_c is the weight of the edges inside c and n_c its number of people: a community is worth keeping when its
 * inner density exceeds γ, whatever the size of the rest of the network. This is leidenalg's CPMVertexPartition.
 */

/** Per community: the weight of the entries inside it (an inner edge counts from both ends), the strength of its
 * members (the weight of all their entries), and the people it holds. */
export interface CommunityTotals {
  inside: Float64Array;
  strength: Float64Array;
  people: Float64Array;
}

/**
 * The totals of each community of a partition. `size` gives how many people each node stands for (a node of an
 * aggregated graph stands for a community); default one each.
 */
export function communityTotals(
  graph: WeightedAdjacency,
  community: Int32Array,
  size?: ArrayLike<number>,
): CommunityTotals {
  const { offsets, neighbors, weights } = graph;
  const n = offsets.length - 1;
  const count = labelCount(community);
  const totals = {
    inside: new Float64Array(count),
    strength: new Float64Array(count),
    people: new Float64Array(count),
  };
  for (let u = 0; u < n; u++) {
    const c = community[u];
    totals.people[c] += size ? size[u] : 1;
    for (let e = offsets[u]; e < offsets[u + 1]; e++) {
      totals.strength[c] += weights[e];
      if (community[neighbors[e]] === c) totals.inside[c] += weights[e];
    }
  }
  return totals;
}

/** Modularity from community totals; `twoM`, the graph's total strength, defaults to the sum of theirs. */
export function modularityOf(totals: CommunityTotals, resolution: number, twoM = sum(totals.strength)): number {
  if (twoM === 0) return 0;
  let q = 0;
  for (let c = 0; c < totals.inside.length; c++)
    q += totals.inside[c] / twoM - resolution * (totals.strength[c] / twoM) ** 2;
  return q;
}

/** The Constant Potts Model's quality from community totals (inside counts each inner edge from both ends). */
export function constantPottsOf(totals: CommunityTotals, resolution: number): number {
  let h = 0;
  for (let c = 0; c < totals.inside.length; c++)
    h += totals.inside[c] / 2 - (resolution * totals.people[c] * (totals.people[c] - 1)) / 2;
  return h;
}

/** Modularity of a partition (see the top of this file); 0 for a graph without edges. */
export function modularity(graph: WeightedAdjacency, community: Int32Array, resolution: number): number {
  return modularityOf(communityTotals(graph, community), resolution);
}

/** The Constant Potts Model's quality of a partition (see the top of this file); `size` as for communityTotals. */
export function constantPotts(
  graph: WeightedAdjacency,
  community: Int32Array,
  resolution: number,
  size?: ArrayLike<number>,
): number {
  return constantPottsOf(communityTotals(graph, community, size), resolution);
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/**
 * The graph whose nodes are the communities: entry (c, d) sums the entries between their members, (c, c) included.
 * Two passes over the entries, the first counting each community's neighbours, so that the arrays are allocated at
 * their final size: on large graphs a level is gigabytes, and a copy to trim it would double the peak.
 */
export function aggregate(graph: WeightedAdjacency, community: Int32Array, count: number): WeightedAdjacency {
  const { offsets, neighbors, weights } = graph;
  const n = offsets.length - 1;
  // Members grouped by community (a counting sort).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) start[community[i] + 1]++;
  for (let c = 0; c < count; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const fill = start.slice(0, count);
  for (let i = 0; i < n; i++) members[fill[community[i]]++] = i;

  const seen = new Int32Array(count).fill(-1);
  const touched = new Int32Array(count);
  /** Lists community c's neighbouring communities in touched[0..found), each once; returns found. */
  const neighbouring = (c: number, each: ((d: number, weight: number) => void) | null): number => {
    let found = 0;
    for (let m = start[c]; m < start[c + 1]; m++) {
      const u = members[m];
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const d = community[neighbors[e]];
        if (seen[d] !== c) {
          seen[d] = c;
          touched[found++] = d;
        }
        each?.(d, weights[e]);
      }
    }
    return found;
  };
  const nextOffsets = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) nextOffsets[c + 1] = nextOffsets[c] + neighbouring(c, null);
  const size = nextOffsets[count];
  const nextNeighbors = new Int32Array(size);
  const nextWeights = new Float64Array(size);
  const sum = new Float64Array(count);
  seen.fill(-1);
  for (let c = 0; c < count; c++) {
    const found = neighbouring(c, (d, weight) => (sum[d] += weight));
    for (let t = 0, at = nextOffsets[c]; t < found; t++, at++) {
      const d = touched[t];
      nextNeighbors[at] = d;
      nextWeights[at] = sum[d];
      sum[d] = 0;
    }
  }
  return { offsets: nextOffsets, neighbors: nextNeighbors, weights: nextWeights };
}

/**
 * The partition's communities cut into their connected parts, numbered 0.. by first node. Cutting a disconnected
 * community never lowers either quality: no inner edge is lost and the penalty of the parts is smaller than the
 * whole's.
 */
export function splitDisconnected(
  graph: WeightedAdjacency,
  community: Int32Array,
): { community: Int32Array; count: number } {
  const { offsets, neighbors } = graph;
  const n = offsets.length - 1;
  const part = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (part[s] >= 0) continue;
    const c = community[s];
    part[s] = count;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const u = stack[--top];
      for (let e = offsets[u]; e < offsets[u + 1]; e++) {
        const v = neighbors[e];
        if (part[v] < 0 && community[v] === c) {
          part[v] = count;
          stack[top++] = v;
        }
      }
    }
    count++;
  }
  return { community: part, count };
}

/** One more than the largest label. */
function labelCount(community: Int32Array): number {
  let count = 0;
  for (let i = 0; i < community.length; i++) if (community[i] + 1 > count) count = community[i] + 1;
  return count;
}
