import { SwayError } from '../../errors.ts';
import { runChunks } from '../../parallel/run.ts';
import { defineTask } from '../../parallel/task.ts';
import { claimArrays } from '../../wasm/memory.ts';
import { shiftedCopy } from '../../wasm/shifted-copy.ts';
import { Random, streamSeed } from '../../random.ts';
import type { AliasTable } from './alias.ts';
import type { DiffusionGraph, DiffusionModel } from './probabilities.ts';
import { IC_RECORD, LT_PICK, rrKernels, type SetsKernel } from './rr-kernel.ts';

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
    if (needed > 0x7fffffff)
      throw new SwayError(
        'INVALID_OPTIONS',
        'advocates: the RR sets exceed 2^31 members: ask for less accuracy (a larger epsilon) or use lower probabilities',
      );
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
    shiftedCopy(this.offsets, this.count + 1, ends, this.size);
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
 * What RR sampling reads, in one shared WebAssembly memory so that every thread samples from the same arrays: the
 * in-edges with their probabilities (DiffusionGraph), one number per person saying how its in-edges are drawn, and,
 * for value-weighted roots, the alias table's columns. `layout` gives each array's byte address; each thread adds its
 * own working space at the end of the memory (RRSampler).
 */
export interface RRContext {
  model: DiffusionModel;
  nodeCount: number;
  memory: WebAssembly.Memory;
  layout: {
    /**
     * IC: one record per person (rr-kernel.ts's IC_RECORD), where its in-edges are and how to draw them. LT: the
     * diffusion graph's in-edge offsets, which are all an LT walk reads about a person under weighted cascade.
     */
    people: number;
    /** LT: each person's total in-probability (the diffusion graph's). */
    inTotal: number;
    inSources: number;
    inProbability: number;
    rootIndex: number;
    rootKeep: number;
    rootAlias: number;
  };
  /** Columns of the root distribution's alias table; 0 for uniform roots. */
  rootColumns: number;
  /** LT: how a walk picks a person's influencer (rr-kernel.ts's LT_PICK). */
  ltPick: number;
  /** Pool room a thread needs so that any one set fits from an empty pool: n + the largest in-degree. */
  setRoom: number;
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
    context = buildContext(graph, roots);
    byRoots.set(roots, context);
  }
  return context;
}

const TOO_LARGE =
  'advocates: the graph has too many relationships for the 4 GiB of memory RR sets are drawn in; the Spark engine ' +
  'takes larger graphs';

function buildContext(graph: DiffusionGraph, roots: AliasTable | null): RRContext {
  const { snapshot, model, memory } = graph;
  const n = snapshot.nodeCount;
  const m = snapshot.inSources.length;
  const columns = roots?.columns ?? 0;

  // Appended to the diffusion graph's own memory, which already holds the in-edge probabilities and what the records
  // are made from: nothing of the graph is copied but the in-edge sources.
  const sizes = {
    people: model === 'ic' ? n * IC_RECORD.bytes : 0,
    inSources: m * 4,
    rootIndex: columns * 4,
    rootKeep: columns * 8,
    rootAlias: columns * 4,
  };
  // One page at least is left for the threads' working space.
  const claimed = claimArrays(memory, sizes, TOO_LARGE, 1);
  const at = graph.at;
  const layout = {
    ...claimed,
    people: model === 'ic' ? claimed.people : at.inOffsets,
    inProbability: at.inProbability,
    inTotal: at.inTotal,
  };
  const { buffer } = memory;
  new Int32Array(buffer, layout.inSources, m).set(snapshot.inSources);
  const kernels = rrKernels(memory);
  // An LT walk adds one person a step; an IC person adds up to its in-degree at once.
  const largestInDegree = model === 'ic' ? kernels.icRecords(n, at.inOffsets, at.shared, layout.people) : 0;
  if (roots) {
    new Int32Array(buffer, layout.rootIndex, columns).set(roots.index);
    new Float64Array(buffer, layout.rootKeep, columns).set(roots.keep);
    new Int32Array(buffer, layout.rootAlias, columns).set(roots.alias);
  }
  const ltPick =
    graph.probability.kind === 'wc'
      ? LT_PICK.surely
      : graph.probability.kind === 'uniform'
        ? LT_PICK.shared
        : LT_PICK.mixed;
  return { model, nodeCount: n, memory, layout, rootColumns: columns, ltPick, setRoom: n + largestInDegree + 1 };
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
  prepare: (context: RRContext) => new RRSampler(context),
  run(sampler, params: RRTaskParams, chunk: number): RRChunk {
    const stream = streamOf(params.chunkStarts, chunk);
    const position = chunk - params.chunkStarts[stream];
    const count = chunk === params.chunkStarts[stream + 1] - 1 ? params.lastChunkSets[stream] : RR_CHUNK;
    return sampler.sample(count, streamSeed(params.seeds[stream], params.firstChunks[stream] + position));
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
 * Draws RR sets on one thread with the WebAssembly loops of rr-kernel.ts. The hot loop of advocate selection and
 * network value, so:
 * - a reusable one-byte visited flag per person, reset through the set just written (no clearing of n bytes);
 * - the set under construction is its own breadth-first queue (the pool);
 * - IC: where every in-edge of v has the same probability q (weighted cascade, uniform), the live in-edges are found
 *   by geometric skipping (the gap to the next live edge is floor(ln U / ln(1 - q))), about 1 + d q draws for
 *   in-degree d instead of d: under weighted cascade, 2 draws per person whatever its in-degree. Mixed probabilities
 *   fall back to one draw per edge against the Float32 probabilities in in-edge order;
 * - LT: a set is a backward random walk, each step picking v's influencer with probability p (or nobody), stopping at
 *   nobody or at a person already in the set; where v's in-edges share their probability the pick is uniform,
 *   floor(r d / 2^32) for a 32-bit draw r, and under weighted cascade a step reads nothing but v's in-edge offsets and
 *   the source picked (rr-kernel.ts's LT_PICK);
 * - xoshiro128** seeded through graph/random.ts's splitmix32, its state in the kernel's local variables.
 * Its working space (flags, roots, the pool the sets are written to) is claimed at the end of the context's memory
 * when the thread first samples from that context.
 */
export class RRSampler {
  private readonly kernels: ReturnType<typeof rrKernels>;
  private readonly sets: SetsKernel;
  private readonly at: { visited: number; state: number; roots: number; ends: number; pool: number };
  private readonly capacity: number;
  private readonly state: Int32Array;
  private readonly ends: Int32Array;
  private readonly pool: Int32Array;

  constructor(private readonly context: RRContext) {
    this.kernels = rrKernels(context.memory);
    this.sets = context.model === 'ic' ? this.kernels.icSets : this.kernels.ltSets;
    const n = context.nodeCount;
    this.capacity = Math.max(context.setRoom, POOL_MEMBERS);
    const sizes = { visited: n, state: 16, roots: BATCH * 4, ends: BATCH * 4, pool: this.capacity * 4 };
    // The pages after the memory's end, this thread's alone.
    const addresses = claimArrays(context.memory, sizes, TOO_LARGE);
    this.at = addresses;
    const { buffer } = context.memory;
    this.state = new Int32Array(buffer, addresses.state, 4);
    this.ends = new Int32Array(buffer, addresses.ends, BATCH);
    this.pool = new Int32Array(buffer, addresses.pool, this.capacity);
  }

  /** `count` RR sets drawn from a xoshiro128** stream seeded with `seed`. */
  sample(count: number, seed: number): RRChunk {
    const { context, at } = this;
    const { layout } = context;
    this.state.set(seedState(seed));
    const ends = new Int32Array(count);
    const pieces: Int32Array[] = [];
    let members = 0;
    for (let done = 0; done < count;) {
      const batch = Math.min(BATCH, count - done);
      this.kernels.roots(
        batch,
        at.state,
        at.roots,
        context.nodeCount,
        layout.rootIndex,
        layout.rootKeep,
        layout.rootAlias,
        context.rootColumns,
      );
      // The pool holds at least one set of any size, so each call writes one set or more; a chunk of sets larger than
      // the pool comes back in pieces.
      for (let from = 0; from < batch;) {
        const to = this.sets(
          from,
          batch,
          at.state,
          at.roots,
          at.pool,
          this.capacity,
          at.ends,
          at.visited,
          layout.people,
          layout.inSources,
          layout.inProbability,
          members,
          layout.inTotal,
          context.ltPick,
        );
        // The kernel wrote each end past the members of the earlier pieces: copied as they are.
        ends.set(this.ends.subarray(0, to - from), done + from);
        const written = this.ends[to - from - 1] - members;
        pieces.push(this.pool.slice(0, written));
        members += written;
        from = to;
      }
      done += batch;
    }
    return { members: pieces.length === 1 ? pieces[0] : concatenate(pieces, members), ends };
  }
}

function concatenate(pieces: Int32Array[], length: number): Int32Array {
  const all = new Int32Array(length);
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.length;
  }
  return all;
}

/** Sets drawn per batch: the roots of a batch are drawn first, into a buffer of this size. */
const BATCH = 4096;
/** Members a thread's pool holds at least (4 MB): a chunk of RR_CHUNK sets usually fits in one piece. */
const POOL_MEMBERS = 2 ** 20;

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
