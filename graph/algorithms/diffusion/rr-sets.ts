import { throwIfAborted } from '../../errors.ts';
import { runChunks } from '../../parallel/run.ts';
import { shareable } from '../../parallel/shared.ts';
import { defineTask } from '../../parallel/task.ts';
import { Random, streamSeed } from '../../random.ts';
import type { AliasTable } from './alias.ts';
import type { DiffusionGraph, DiffusionModel } from './probabilities.ts';

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

  /** Appends sets given as one pool segment and each set's end within it. */
  append(members: Int32Array, ends: Int32Array): void {
    if (this.size + members.length > this.pool.length) this.growPool(this.size + members.length, this.size);
    this.reserveSets(this.count + ends.length);
    this.pool.set(members, this.size);
    for (let i = 0; i < ends.length; i++) this.offsets[this.count + 1 + i] = this.size + ends[i];
    this.size += members.length;
    this.count += ends.length;
  }

  reserveSets(count: number): void {
    if (count + 1 <= this.offsets.length) return;
    const grown = new Int32Array(Math.max(count + 1, this.offsets.length * 2));
    grown.set(this.offsets.subarray(0, this.count + 1));
    this.offsets = grown;
  }
}

/**
 * What RR sampling reads, in shared memory so every thread samples from the same arrays: the in-edges with their
 * probabilities (DiffusionGraph) and, for value-weighted roots, the alias table's columns.
 */
export interface RRContext {
  model: DiffusionModel;
  nodeCount: number;
  inOffsets: Int32Array;
  inSources: Int32Array;
  inProbability: Float32Array;
  sharedInProbability: Float64Array;
  inTotal: Float64Array;
  roots: { index: Int32Array; keep: Float64Array; alias: Int32Array; columns: number } | null;
}

const contexts = new WeakMap<DiffusionGraph, Map<AliasTable | null, RRContext>>();

/** The RR context of a diffusion graph and root distribution (null: uniform roots), made once per pair. */
export function rrContext(graph: DiffusionGraph, roots: AliasTable | null = null): RRContext {
  let byRoots = contexts.get(graph);
  if (!byRoots) {
    byRoots = new Map();
    contexts.set(graph, byRoots);
  }
  let context = byRoots.get(roots);
  if (!context) {
    const { snapshot } = graph;
    context = {
      model: graph.model,
      nodeCount: snapshot.nodeCount,
      inOffsets: shareable(snapshot.inOffsets),
      inSources: shareable(snapshot.inSources),
      inProbability: shareable(graph.inProbability),
      sharedInProbability: shareable(graph.sharedInProbability),
      inTotal: shareable(graph.inTotal),
      roots: roots && {
        index: shareable(roots.index),
        keep: shareable(roots.keep),
        alias: shareable(roots.alias),
        columns: roots.columns,
      },
    };
    byRoots.set(roots, context);
  }
  return context;
}

/**
 * RR sets are drawn in chunks of this many; chunk i of a stream seeded s draws from streamSeed(s, i), whichever thread
 * draws it. Large enough that handing a chunk to a thread costs little next to sampling it.
 */
export const RR_CHUNK = 2048;

export interface RRSampleOptions {
  /** One seed per stream: several independent collections (OPIM-C's two) are drawn in one parallel job. */
  seeds: readonly number[];
  /**
   * Chunks firstChunk, firstChunk + 1, ... of each stream are drawn, RR_CHUNK sets each; one number for every stream or
   * one per stream. Default 0.
   */
  firstChunk?: number | readonly number[];
  /**
   * Sets drawn from each stream (one number for every stream, or one per stream): whole chunks, the last one cut short
   * when this is not a multiple of RR_CHUNK.
   */
  sets: number | readonly number[];
  /** Threads sampling, this one included. */
  threads: number;
  signal?: AbortSignal;
}

/** One chunk of RR sets as a thread hands it back: the members back to back, and where each set ends. */
export interface RRChunk {
  members: Int32Array;
  ends: Int32Array;
}

interface RRTaskParams {
  seeds: readonly number[];
  firstChunks: readonly number[];
  /** The job's chunks of stream i are chunkStarts[i] .. chunkStarts[i + 1] - 1. */
  chunkStarts: readonly number[];
  /** Sets in each stream's last chunk. */
  lastChunkSets: readonly number[];
}

export const rrSetsTask = defineTask({
  name: 'rr-sets',
  prepare: (context: RRContext) => ({ sampler: new RRSampler(context), sets: new RRSets(RR_CHUNK, RR_CHUNK * 8) }),
  run(state, params: RRTaskParams, chunk: number): RRChunk {
    const { sampler, sets } = state;
    const stream = streamOf(params.chunkStarts, chunk);
    const position = chunk - params.chunkStarts[stream];
    sets.clear();
    const count = chunk === params.chunkStarts[stream + 1] - 1 ? params.lastChunkSets[stream] : RR_CHUNK;
    sampler.fill(sets, count, streamSeed(params.seeds[stream], params.firstChunks[stream] + position));
    return { members: sets.pool.slice(0, sets.size), ends: sets.offsets.slice(1, sets.count + 1) };
  },
});

function streamOf(chunkStarts: readonly number[], chunk: number): number {
  let stream = 0;
  while (chunk >= chunkStarts[stream + 1]) stream++;
  return stream;
}

/**
 * Draws chunks of one or more streams of RR sets on `threads` threads and hands each to `onChunk` with its stream's
 * position in `seeds`, in order: every chunk of the first stream, then of the second.
 */
export function forEachRRChunk(
  context: RRContext,
  options: RRSampleOptions,
  onChunk: (chunk: RRChunk, stream: number) => void,
): void {
  const streams = options.seeds.length;
  const perStream = (value: number | readonly number[] | undefined): number[] =>
    Array.from({ length: streams }, (_, i) => (typeof value === 'object' ? value[i] : (value ?? 0)));
  const sets = perStream(options.sets);
  const chunkStarts = [0];
  const lastChunkSets: number[] = [];
  for (const count of sets) {
    const chunks = count > 0 ? Math.ceil(count / RR_CHUNK) : 0;
    chunkStarts.push(chunkStarts[chunkStarts.length - 1] + chunks);
    lastChunkSets.push(chunks > 0 ? count - (chunks - 1) * RR_CHUNK : 0);
  }
  const chunks = chunkStarts[streams];
  if (chunks === 0) return;
  runChunks({
    task: rrSetsTask,
    context,
    params: { seeds: options.seeds, firstChunks: perStream(options.firstChunk), chunkStarts, lastChunkSets },
    chunks,
    threads: options.threads,
    signal: options.signal,
    onResult: (chunk, i) => onChunk(chunk, streamOf(chunkStarts, i)),
  });
}

/** Appends chunks of streams of RR sets to collections, one collection per seed, in chunk order. */
export function sampleRRSets(context: RRContext, collections: readonly RRSets[], options: RRSampleOptions): void {
  forEachRRChunk(context, options, (chunk, stream) => collections[stream].append(chunk.members, chunk.ends));
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
 *   nobody or at a person already in the set; where v's in-edges share q, the pick is floor(x x 1/q) with 1/q kept per
 *   person (a multiplication: the division it replaces was a fifth of a step's time on epinions);
 * - xoshiro128** (as graph/random.ts) with its state in local variables, seeded through graph/random.ts's splitmix32:
 *   25% faster than a method call per draw.
 */
export class RRSampler {
  private readonly visited: Uint8Array;
  /** IC: ln(1 - q) of v's shared in-edge probability q (-Infinity for q = 1, NaN when v's in-edges differ). */
  private readonly logFail: Float64Array;
  /** LT: 1 / q for v's shared in-edge probability q (NaN when v's in-edges differ). */
  private readonly inverseShared: Float64Array;
  /** The current batch's roots. */
  private readonly roots = new Int32Array(BATCH);

  constructor(private readonly context: RRContext) {
    const n = context.nodeCount;
    this.visited = new Uint8Array(n);
    this.logFail = new Float64Array(context.model === 'ic' ? n : 0);
    this.inverseShared = new Float64Array(context.model === 'lt' ? n : 0);
    if (context.model === 'lt') for (let v = 0; v < n; v++) this.inverseShared[v] = 1 / context.sharedInProbability[v];
    if (context.model === 'ic') {
      // One number per person says how to sample its in-edges: -Infinity all live (q = 1), 0 none (q = 0),
      // NaN mixed probabilities, otherwise ln(1 - q) for geometric skipping.
      for (let v = 0; v < n; v++) {
        const q = context.sharedInProbability[v];
        this.logFail[v] = q >= 1 ? -Infinity : q > 0 ? Math.log1p(-q) : q === 0 ? 0 : NaN;
      }
    }
  }

  /** Appends `count` RR sets to `sets`, drawn from a xoshiro128** stream seeded with `seed`. */
  fill(sets: RRSets, count: number, seed: number, signal?: AbortSignal): void {
    sets.reserveSets(sets.count + count);
    const state = seedState(seed);
    for (let done = 0; done < count;) {
      throwIfAborted(signal);
      const batch = Math.min(BATCH, count - done);
      this.drawRoots(batch, state);
      if (this.context.model === 'ic') this.icBatch(sets, batch, state);
      else this.ltBatch(sets, batch, state);
      done += batch;
    }
  }

  /**
   * The roots of the next `count` sets into this.roots: uniform, or by Walker's alias method (alias.ts) when roots are
   * drawn in proportion to value. Each model's loop is its own small function: V8 optimises a small hot loop sooner,
   * which is most of a single selection's time (a first LT selection on epinions sampled 4x slower than later ones).
   */
  private drawRoots(count: number, state: Int32Array): void {
    const { nodeCount: n, roots } = this.context;
    const out = this.roots;
    // xoshiro128** state; each draw below is the same two lines: r = the next output, then the state advance.
    let a = state[0];
    let b = state[1];
    let c = state[2];
    let d = state[3];
    // Numbers from the start, so the optimiser keeps both as plain integers in the loops below.
    // eslint-disable-next-line no-useless-assignment
    let r = 0;
    // eslint-disable-next-line no-useless-assignment
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
      if (roots === null) {
        out[k] = Math.floor(r * 2.3283064365386963e-10 * n);
        continue;
      }
      const column = Math.floor(r * 2.3283064365386963e-10 * roots.columns);
      r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
      t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      out[k] = r * 2.3283064365386963e-10 < roots.keep[column] ? roots.index[column] : roots.alias[column];
    }
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  }

  /** IC: breadth-first over live in-edges from each root; the set being written is the queue. */
  private icBatch(sets: RRSets, count: number, state: Int32Array): void {
    const { inOffsets, inSources, inProbability } = this.context;
    const { visited, logFail, roots } = this;
    const offsets = sets.offsets;
    let pool = sets.pool;
    let size = sets.size;
    let a = state[0];
    let b = state[1];
    let c = state[2];
    let d = state[3];
    // eslint-disable-next-line no-useless-assignment
    let r = 0;
    // eslint-disable-next-line no-useless-assignment
    let t = 0;
    for (let k = 0; k < count; k++) {
      const root = roots[k];
      const start = size;
      if (size + 1 > pool.length) pool = sets.growPool(size + 1, size);
      pool[size++] = root;
      visited[root] = 1;
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
      for (let i = start; i < size; i++) visited[pool[i]] = 0;
      offsets[++sets.count] = size;
    }
    sets.size = size;
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  }

  /** LT: walks back from each root through each person's pick until nobody is picked or the walk meets itself. */
  private ltBatch(sets: RRSets, count: number, state: Int32Array): void {
    const { inOffsets, inSources, inProbability, inTotal } = this.context;
    const { visited, inverseShared, roots } = this;
    const offsets = sets.offsets;
    let pool = sets.pool;
    let size = sets.size;
    let a = state[0];
    let b = state[1];
    let c = state[2];
    let d = state[3];
    // eslint-disable-next-line no-useless-assignment
    let r = 0;
    // eslint-disable-next-line no-useless-assignment
    let t = 0;
    for (let k = 0; k < count; k++) {
      const start = size;
      let v = roots[k];
      if (size + 1 > pool.length) pool = sets.growPool(size + 1, size);
      pool[size++] = v;
      visited[v] = 1;
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
        const inverse = inverseShared[v];
        let e: number;
        if (inverse === inverse) {
          const index = Math.floor(x * inverse);
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
      for (let i = start; i < size; i++) visited[pool[i]] = 0;
      offsets[++sets.count] = size;
    }
    sets.size = size;
    state[0] = a;
    state[1] = b;
    state[2] = c;
    state[3] = d;
  }
}

/** Sets drawn per batch: the roots of a batch are drawn first, into a buffer of this size. */
const BATCH = 4096;

/** xoshiro128** state seeded through graph/random.ts (splitmix32), never all zero. */
function seedState(seed: number): Int32Array {
  const seeder = new Random(seed);
  return Int32Array.of(
    seeder.nextUint32() | 0,
    seeder.nextUint32() | 0,
    seeder.nextUint32() | 0,
    seeder.nextUint32() | 1,
  );
}
