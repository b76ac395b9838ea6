import type { Random } from '../random.ts';
import { aggregate, modularity } from './modularity.ts';
import type { WeightedAdjacency } from './undirected.ts';

/**
 * The Louvain method of Blondel, Guillaume, Lambiotte and Lefebvre ("Fast unfolding of communities in large
 * networks", J. Stat. Mech. 2008, P10008) on typed arrays, so that it runs on graphs far beyond what an object graph
 * holds (graphology takes about 550 bytes an edge; this holds 12 bytes an entry, an edge being stored from both ends).
 * It maximises modularity (modularity.ts).
 */

/**
 * Visits per level at most, in multiples of the node count. Each move strictly raises modularity, so local moving
 * ends by itself; the cap only guards against rounding making two communities trade a node forever.
 */
const MAX_VISITS_PER_NODE = 1000;

export interface LouvainSettings {
  resolution: number;
  /** Stop after a level that raises modularity by at most this (NetworkX: threshold, default 1e-7). */
  threshold: number;
  random: Random;
}

export interface LouvainResult {
  /** Community of each node, numbered 0.. in no particular order. */
  community: Int32Array;
  count: number;
  modularity: number;
}

/**
 * Louvain: local moving of single nodes to the neighbouring community with the largest modularity gain, in a seeded
 * random order, until no node moves; then each community becomes one node of a smaller graph (its internal weight a
 * self entry) and the same is done there, for as long as a level raises modularity by at least `threshold`.
 */
export function louvain(graph: WeightedAdjacency, settings: LouvainSettings): LouvainResult {
  const n = graph.offsets.length - 1;
  const assignment = new Int32Array(n);
  for (let i = 0; i < n; i++) assignment[i] = i;
  let level = graph;
  let count = n;
  let quality = modularity(graph, assignment, settings.resolution);
  for (;;) {
    const labels = moveNodes(level, settings);
    if (!labels) break;
    for (let i = 0; i < n; i++) assignment[i] = labels.community[assignment[i]];
    count = labels.count;
    // Aggregation keeps every community's inner weight and strength, so the level's graph gives the whole graph's
    // modularity for the same partition, at the cost of the (smaller) level.
    const nextQuality = modularity(level, labels.community, settings.resolution);
    // Every move raises modularity, so a level is kept; it is the last one when its gain is at most the threshold
    // (as in NetworkX's louvain_partitions).
    const gain = nextQuality - quality;
    quality = nextQuality;
    if (gain <= settings.threshold) break;
    level = aggregate(level, labels.community, labels.count);
  }
  return { community: assignment, count, modularity: quality };
}

/**
 * One level's local moving: every node is visited once in a seeded random order, then only nodes whose neighbourhood
 * changed, until no node can gain by moving. Returns the communities renumbered 0..count-1 by first member, or null
 * when no node moved. Moving node i, taken out of its community, into community x gains (in units of 2/2m)
 *   k_i,x − γ · tot_x · k_i / 2m
 * where k_i,x is the weight between i and x and tot_x the strength of x without i (Blondel et al., eq. 2).
 */
function moveNodes(
  graph: WeightedAdjacency,
  settings: LouvainSettings,
): { community: Int32Array; count: number } | null {
  const { offsets, neighbors, weights } = graph;
  const n = offsets.length - 1;
  const strength = new Float64Array(n);
  let twoM = 0;
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) k += weights[e];
    strength[i] = k;
    twoM += k;
  }
  if (twoM === 0) return null;
  const community = new Int32Array(n);
  const total = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    community[i] = i;
    total[i] = strength[i];
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(settings.random.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const linkWeight = new Float64Array(n);
  // linkSeen[c] === visit: community c's weight was started in this visit (a counter, so nothing needs clearing).
  const linkSeen = new Int32Array(n).fill(-1);
  let visit = 0;
  const touched = new Int32Array(n);
  const gamma = settings.resolution;
  // The nodes still to visit, a ring buffer in which each node is at most once (`queued`).
  const queue = order;
  const queued = new Uint8Array(n).fill(1);
  let head = 0;
  let pending = n;
  let movedAny = false;
  for (let visits = 0; pending > 0 && visits < MAX_VISITS_PER_NODE * n; visits++) {
    const i = queue[head];
    head = head + 1 === n ? 0 : head + 1;
    pending--;
    queued[i] = 0;
    const own = community[i];
    const k = strength[i];
    if (++visit === 0x7fffffff) {
      linkSeen.fill(-1);
      visit = 0;
    }
    let count = 0;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = neighbors[e];
      if (j === i) continue;
      const c = community[j];
      if (linkSeen[c] !== visit) {
        linkSeen[c] = visit;
        linkWeight[c] = 0;
        touched[count++] = c;
      }
      linkWeight[c] += weights[e];
    }
    total[own] -= k;
    const scale = (gamma * k) / twoM;
    let best = own;
    let bestGain = (linkSeen[own] === visit ? linkWeight[own] : 0) - total[own] * scale;
    for (let t = 0; t < count; t++) {
      const c = touched[t];
      const gain = linkWeight[c] - total[c] * scale;
      if (gain > bestGain) {
        bestGain = gain;
        best = c;
      }
    }
    total[best] += k;
    if (best === own) continue;
    community[i] = best;
    movedAny = true;
    // Only the neighbours of a node that moved can now gain by moving (Ozaki, Tezuka and Inaba 2016): queue those
    // outside its new community that are not queued yet.
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = neighbors[e];
      if (queued[j] === 0 && community[j] !== best) {
        queued[j] = 1;
        let tail = head + pending;
        if (tail >= n) tail -= n;
        queue[tail] = j;
        pending++;
      }
    }
  }
  if (!movedAny) return null;
  const rename = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = community[i];
    if (rename[c] < 0) rename[c] = count++;
    community[i] = rename[c];
  }
  return { community, count };
}
