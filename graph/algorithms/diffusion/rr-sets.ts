import { throwIfAborted } from '../../errors.ts';
import { Random } from '../../random.ts';
import type { AliasTable } from './alias.ts';
import type { DiffusionGraph } from './probabilities.ts';

/**
 * Reverse-reachable (RR) sets (Borgs, Brautbar, Chayes and Lucier, SODA 2014): pick a root, then keep the people who
 * would have activated it, found by sampling the diffusion backwards over in-edges. For any seed set S,
 * spread(S) = n x Pr[S meets a random RR set]; with roots drawn in proportion to a value w, the same fraction times
 * sum(w) is the expected value reached.
 *
 * Storage is flat: one Int32Array pool holding every set back to back (the root first) and an Int32Array of offsets,
 * 4 bytes per member and 4 per set.
 */
export class RRSets {
  pool: Int32Array;
  /** Members used in `pool`. */
  size = 0;
  /** Set i is pool[offsets[i] .. offsets[i + 1]). */
  offsets: Int32Array;
  count = 0;

  constructor(expectedSets = 1024, expectedMembers = 4096) {
    this.pool = new Int32Array(Math.max(16, expectedMembers));
    this.offsets = new Int32Array(Math.max(16, expectedSets + 1));
  }

  clear(): void {
    this.size = 0;
    this.count = 0;
  }

  /** Bytes allocated (capacity, not just the part in use). */
  byteSize(): number {
    return this.pool.byteLength + this.offsets.byteLength;
  }

  /** Grows the pool to hold at least `needed` members (doubling), keeping the first `used`; returns the new pool. */
  growPool(needed: number, used: number): Int32Array {
    if (needed > 0x7fffffff) throw new RangeError('RR sets exceed 2^31 members; lower the accuracy asked for');
    const grown = new Int32Array(Math.min(0x7fffffff, Math.max(needed, this.pool.length * 2)));
    grown.set(this.pool.subarray(0, used));
    this.pool = grown;
    return grown;
  }

  reserveSets(count: number): void {
    if (count + 1 <= this.offsets.length) return;
    const grown = new Int32Array(Math.max(count + 1, this.offsets.length * 2));
    grown.set(this.offsets.subarray(0, this.count + 1));
    this.offsets = grown;
  }
}

export interface RRSamplerOptions {
  /** Roots in proportion to these weights; null draws roots uniformly. */
  roots?: AliasTable | null;
  seed: number;
}

/**
 * Generates RR sets into an RRSets. The hot loop of advocate selection and network value, so:
 * - a reusable one-byte visited flag per person, reset through the set just written (no clearing of n bytes);
 * - the set under construction is its own breadth-first queue (the pool segment);
 * - IC: where every in-edge of v has the same probability q (weighted cascade, uniform), the live in-edges are found
 *   by geometric skipping (the gap to the next live edge is floor(ln U / ln(1 - q))), about 1 + d q draws for
 *   in-degree d instead of d: under weighted cascade, 2 draws per person whatever its in-degree. Mixed probabilities
 *   fall back to one draw per edge against the Float32 probabilities in in-edge order;
 * - LT: a set is a backward random walk, each step picking v's influencer with probability p (or nobody), stopping at
 *   nobody or at a person already in the set;
 * - xoshiro128** (as graph/random.ts) with its state in local variables for the length of a batch, seeded from a
 *   graph/random.ts Random: 25% faster than a method call per draw.
 */
export class RRSampler {
  private readonly visited: Uint8Array;
  /** IC: ln(1 - q) of v's shared in-edge probability q (-Infinity for q = 1, NaN when v's in-edges differ). */
  private readonly logFail: Float64Array;
  private readonly roots: AliasTable | null;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(
    private readonly graph: DiffusionGraph,
    options: RRSamplerOptions,
  ) {
    const n = graph.snapshot.nodeCount;
    this.visited = new Uint8Array(n);
    this.roots = options.roots ?? null;
    this.logFail = new Float64Array(graph.model === 'ic' ? n : 0);
    if (graph.model === 'ic') {
      // One number per person says how to sample its in-edges: -Infinity all live (q = 1), 0 none (q = 0),
      // NaN mixed probabilities, otherwise ln(1 - q) for geometric skipping.
      for (let v = 0; v < n; v++) {
        const q = graph.sharedInProbability[v];
        this.logFail[v] = q >= 1 ? -Infinity : q > 0 ? Math.log1p(-q) : q === 0 ? 0 : NaN;
      }
    }
    const seeder = new Random(options.seed);
    this.s0 = seeder.nextUint32() | 0;
    this.s1 = seeder.nextUint32() | 0;
    this.s2 = seeder.nextUint32() | 0;
    this.s3 = seeder.nextUint32() | 1; // never the all-zero state
  }

  /** Appends `count` RR sets to `sets`, checking `signal` every 4,096 sets. */
  fill(sets: RRSets, count: number, signal?: AbortSignal): void {
    sets.reserveSets(sets.count + count);
    for (let done = 0; done < count;) {
      throwIfAborted(signal);
      const batch = Math.min(4096, count - done);
      this.fillBatch(sets, batch);
      done += batch;
    }
  }

  private fillBatch(sets: RRSets, count: number): void {
    const { inOffsets, inSources, nodeCount: n } = this.graph.snapshot;
    const { inProbability, sharedInProbability, inTotal } = this.graph;
    const ic = this.graph.model === 'ic';
    const { visited, logFail, roots } = this;
    const offsets = sets.offsets;
    let pool = sets.pool;
    let size = sets.size;
    // xoshiro128** state; each draw below is the same two lines: r = the next output, then the state advance.
    let a = this.s0;
    let b = this.s1;
    let c = this.s2;
    let d = this.s3;
    let r = 0;
    let t = 0;
    for (let k = 0; k < count; k++) {
      r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      let root: number;
      if (roots === null) root = Math.floor(r * 2.3283064365386963e-10 * n);
      else {
        const u1 = r * 2.3283064365386963e-10;
        r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
        t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = (d << 11) | (d >>> 21);
        root = roots.draw(u1, r * 2.3283064365386963e-10);
      }
      const start = size;
      if (size + 1 > pool.length) pool = sets.growPool(size + 1, size);
      pool[size++] = root;
      visited[root] = 1;

      if (ic) {
        // Breadth-first over live in-edges; the set being written is the queue.
        for (let head = start; head < size; head++) {
          const v = pool[head];
          const first = inOffsets[v];
          const end = inOffsets[v + 1];
          if (first === end) continue;
          // Room for every in-neighbour, so the loops below need no bounds checks of their own.
          if (size + (end - first) > pool.length) pool = sets.growPool(size + (end - first), size);
          const lf = logFail[v];
          if (lf === -Infinity) {
            for (let e = first; e < end; e++) {
              const u = inSources[e];
              if (visited[u] === 0) {
                visited[u] = 1;
                pool[size++] = u;
              }
            }
          } else if (lf < 0) {
            let e = first - 1;
            for (;;) {
              r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
              t = b << 9;
              c ^= a;
              d ^= b;
              b ^= c;
              a ^= d;
              c ^= t;
              d = (d << 11) | (d >>> 21);
              // Failures before the next live edge: floor(ln U / ln(1 - q)) with U uniform in (0, 1].
              const gap = Math.log((r + 1) * 2.3283064365386963e-10) / lf;
              if (gap >= end - e - 1) break;
              e += 1 + (gap | 0);
              const u = inSources[e];
              if (visited[u] === 0) {
                visited[u] = 1;
                pool[size++] = u;
              }
            }
          } else if (lf !== lf) {
            for (let e = first; e < end; e++) {
              const u = inSources[e];
              if (visited[u] !== 0) continue;
              r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
              t = b << 9;
              c ^= a;
              d ^= b;
              b ^= c;
              a ^= d;
              c ^= t;
              d = (d << 11) | (d >>> 21);
              if (r < inProbability[e] * 4294967296) {
                visited[u] = 1;
                pool[size++] = u;
              }
            }
          }
        }
      } else {
        // LT: walk back through each person's pick until nobody is picked or the walk meets itself.
        let v = root;
        for (;;) {
          const first = inOffsets[v];
          const degree = inOffsets[v + 1] - first;
          if (degree === 0) break;
          r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
          t = b << 9;
          c ^= a;
          d ^= b;
          b ^= c;
          a ^= d;
          c ^= t;
          d = (d << 11) | (d >>> 21);
          const x = r * 2.3283064365386963e-10;
          if (x >= inTotal[v]) break; // v picks nobody
          const q = sharedInProbability[v];
          let e: number;
          if (q === q) {
            const index = Math.floor(x / q);
            e = first + (index < degree ? index : degree - 1);
          } else {
            e = first;
            let acc = inProbability[e];
            const last = first + degree - 1;
            while (x >= acc && e < last) acc += inProbability[++e];
          }
          const u = inSources[e];
          if (visited[u] !== 0) break;
          if (size + 1 > pool.length) pool = sets.growPool(size + 1, size);
          pool[size++] = u;
          visited[u] = 1;
          v = u;
        }
      }
      for (let i = start; i < size; i++) visited[pool[i]] = 0;
      offsets[++sets.count] = size;
    }
    sets.size = size;
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }
}
