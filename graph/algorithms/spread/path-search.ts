import type { DiffusionGraph } from '../diffusion/probabilities.ts';

/**
 * Least-cost paths over out-edges with weights -ln p, from a set of sources to one target, never entering a seed, with
 * banned people and relationships for Yen's spur searches. Each search is A* (Hart, Nilsson and Raphael, 1968) guided
 * by every person's least cost to the target without bans (one backward Dijkstra from the target, done once): bans only
 * lengthen paths, so that cost never overestimates and is consistent, the first path to settle the target is a
 * least-cost one, and a search visits little more than the people on or near its answer. Buffers are reused
 * across searches (a search stamp marks what the current search has touched).
 */
export class PathSearch {
  private readonly weight: Float64Array;
  private readonly isSeed: Uint8Array;
  private readonly distance: Float64Array;
  private readonly previous: Int32Array;
  private readonly seen: Int32Array;
  private readonly settled: Int32Array;
  private stamp = 0;
  private readonly bannedNodes: Uint8Array;
  private bannedNodeList: number[] = [];
  private readonly bannedEdges = new Set<number>();
  private readonly heap = new MinHeap();
  /** Each person's least cost to the target in the whole graph (Infinity: the target is out of their reach). */
  private readonly remaining: Float64Array;

  constructor(
    private readonly graph: DiffusionGraph,
    seeds: Int32Array,
    readonly target: number,
  ) {
    const n = graph.snapshot.nodeCount;
    this.weight = costs(graph);
    this.isSeed = new Uint8Array(n);
    for (const s of seeds) this.isSeed[s] = 1;
    this.distance = new Float64Array(n);
    this.previous = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.bannedNodes = new Uint8Array(n);
    this.remaining = this.distancesToTarget();
  }

  /** Dijkstra backwards from the target over in-edges, never through a seed (the least cost a search can reach). */
  private distancesToTarget(): Float64Array {
    const { inOffsets, inSources, nodeCount } = this.graph.snapshot;
    const p = this.graph.inProbability;
    const remaining = new Float64Array(nodeCount).fill(Infinity);
    const heap = this.heap;
    heap.clear();
    remaining[this.target] = 0;
    heap.push(0, this.target);
    const isSeed = this.isSeed;
    while (heap.size > 0) {
      const d = heap.topKey();
      const v = heap.pop();
      if (d > remaining[v]) continue;
      // A path starts at a seed and passes through no other: nothing leads to the target through a seed.
      if (isSeed[v] && v !== this.target) continue;
      for (let e = inOffsets[v]; e < inOffsets[v + 1]; e++) {
        if (!(p[e] > 0)) continue;
        const u = inSources[e];
        const candidate = d - Math.log(p[e]);
        if (candidate < remaining[u]) {
          remaining[u] = candidate;
          heap.push(candidate, u);
        }
      }
    }
    return remaining;
  }

  /** The out-edge index of u -> v (targets are sorted per source). */
  edgeIndex(u: number, v: number): number {
    const { outOffsets, outTargets } = this.graph.snapshot;
    let lo = outOffsets[u];
    let hi = outOffsets[u + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (outTargets[mid] < v) lo = mid + 1;
      else if (outTargets[mid] > v) hi = mid - 1;
      else return mid;
    }
    throw new Error(`no relationship ${u} -> ${v}`);
  }

  cost(path: number[]): number {
    let sum = 0;
    for (let i = 0; i + 1 < path.length; i++) sum += this.weight[this.edgeIndex(path[i], path[i + 1])];
    return sum;
  }

  banEdge(u: number, v: number): void {
    this.bannedEdges.add(this.edgeIndex(u, v));
  }

  banNode(v: number): void {
    this.bannedNodes[v] = 1;
    this.bannedNodeList.push(v);
  }

  clearBans(): void {
    for (const v of this.bannedNodeList) this.bannedNodes[v] = 0;
    this.bannedNodeList = [];
    this.bannedEdges.clear();
  }

  /** The least-cost path from any source to the target (banned sources left out), or null. */
  shortest(sources: number[]): number[] | null {
    const stamp = ++this.stamp;
    const { distance, previous, seen, settled, bannedNodes, bannedEdges, weight, isSeed, heap, remaining, target } =
      this;
    const { outOffsets, outTargets } = this.graph.snapshot;
    heap.clear();
    for (const s of sources) {
      if (bannedNodes[s] || remaining[s] === Infinity) continue;
      distance[s] = 0;
      previous[s] = -1;
      seen[s] = stamp;
      heap.push(remaining[s], s);
    }
    const checkEdges = bannedEdges.size > 0;
    while (heap.size > 0) {
      const key = heap.topKey();
      const u = heap.pop();
      if (settled[u] === stamp || key > distance[u] + remaining[u]) continue; // a stale entry
      settled[u] = stamp;
      const d = distance[u];
      if (u === target) {
        const path: number[] = [];
        for (let v = target; v >= 0; v = previous[v]) path.push(v);
        return path.reverse();
      }
      for (let e = outOffsets[u]; e < outOffsets[u + 1]; e++) {
        const v = outTargets[e];
        if (isSeed[v] || bannedNodes[v] || settled[v] === stamp) continue;
        if (checkEdges && bannedEdges.has(e)) continue;
        const candidate = d + weight[e];
        if (candidate === Infinity || remaining[v] === Infinity) continue;
        // Equal distances keep the earlier predecessor, so paths are reproducible.
        if (seen[v] !== stamp || candidate < distance[v]) {
          seen[v] = stamp;
          distance[v] = candidate;
          previous[v] = u;
          heap.push(candidate + remaining[v], v);
        }
      }
    }
    return null;
  }
}

/** -ln p per out-edge, computed once per diffusion graph (half a million logarithms on epinions). */
const costCache = new WeakMap<DiffusionGraph, Float64Array>();

function costs(graph: DiffusionGraph): Float64Array {
  let weight = costCache.get(graph);
  if (!weight) {
    const p = graph.outProbability;
    weight = new Float64Array(p.length);
    for (let e = 0; e < p.length; e++) weight[e] = p[e] > 0 ? -Math.log(p[e]) : Infinity;
    costCache.set(graph, weight);
  }
  return weight;
}

/** A binary min-heap of (key, person) on growable typed arrays; ties by person index. */
class MinHeap {
  private keys = new Float64Array(1024);
  private values = new Int32Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0];
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      const values = new Int32Array(this.size * 2);
      values.set(this.values);
      this.keys = keys;
      this.values = values;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, value, this.keys[parent], this.values[parent])) break;
      this.keys[i] = this.keys[parent];
      this.values[i] = this.values[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  pop(): number {
    const top = this.values[0];
    const key = this.keys[--this.size];
    const value = this.values[this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (
        child + 1 < this.size &&
        this.less(this.keys[child + 1], this.values[child + 1], this.keys[child], this.values[child])
      )
        child++;
      if (!this.less(this.keys[child], this.values[child], key, value)) break;
      this.keys[i] = this.keys[child];
      this.values[i] = this.values[child];
      i = child;
    }
    this.keys[i] = key;
    this.values[i] = value;
    return top;
  }

  private less(k1: number, v1: number, k2: number, v2: number): boolean {
    return k1 < k2 || (k1 === k2 && v1 < v2);
  }
}
