import { checkNumber, RUN_OPTIONS, withDefaults } from '../options.ts';
import { WASM_MAX_PAGES, WASM_PAGE } from '../wasm/memory.ts';
import { runChunks } from '../parallel/run.ts';
import { sharedAdjacency, sharedArray, type SharedAdjacency } from '../parallel/shared.ts';
import { defineTask } from '../parallel/task.ts';
import { resolveThreads } from '../parallel/threads.ts';
import type { Snapshot } from '../snapshot.ts';
import { reachKernels, type Merge, type TwoHop } from './reach-kernel.ts';
import { hllAdd, hllEstimate, hllRelativeError } from './hyperloglog.ts';

/**
 * Audience and two-hop reach on the influence graph.
 * - audience(u): people u directly influences (distinct out-neighbours).
 * - reach2(u): distinct people within two hops of u (u's audience and their audiences), u excluded.
 *
 * reach2 is exact (a stamped visit of every two-hop path) when a person's two-hop work, the sum of their audience's
 * audience sizes, is at most `exactLimit`; above it the value is a HyperLogLog estimate with relative standard error
 * 1.04 / sqrt(2^hllPrecision) (1.6% at the default precision 12). For estimates, audience members whose own audience
 * exceeds `hubDegree` contribute a precomputed sketch of their closed neighbourhood instead of a walk of their list,
 * which bounds the work per person by (audience size) x max(hubDegree, 2^precision).
 * `hubDegree: null` sketches no hubs.
 */
export interface ReachOptions {
  /** Largest two-hop work (paths walked) for which reach2 is exact. Default 2^15 = 32,768. */
  exactLimit?: number;
  /** log2 of the HyperLogLog register count. Default 12. */
  hllPrecision?: number;
  /**
   * Audience size above which a person's neighbourhood is sketched once and merged rather than walked: merging 2^p
   * registers (four at a time) costs about as much as hashing a hundred people. Default 128.
   */
  hubDegree?: number | null;
  /** Threads, this one included; null: every core (parallel/threads.ts). The result is the same. */
  threads?: number | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface ReachResult {
  audience: Float64Array;
  reach2: Float64Array;
  /** 1 where reach2 is a HyperLogLog estimate. */
  estimated: Uint8Array;
  estimatedCount: number;
  /** Relative standard error of the estimates. */
  relativeError: number;
}

/** The tunable options' defaults (graphology's `fn.defaults`): the reach score family spreads them. */
export const DEFAULTS = {
  exactLimit: 2 ** 15,
  hllPrecision: 12,
  hubDegree: 128 as number | null,
  threads: null as number | null,
};

export function reach(snapshot: Snapshot, options?: ReachOptions): ReachResult {
  const o = withDefaults({ ...DEFAULTS, ...RUN_OPTIONS }, options, 'reach');
  const exactLimit = checkNumber('reach', 'exactLimit', o.exactLimit, { min: 0 });
  const precision = checkNumber('reach', 'hllPrecision', o.hllPrecision, { min: 4, max: 16, integer: true });
  const hubDegree =
    o.hubDegree === null ? Infinity : checkNumber('reach', 'hubDegree', o.hubDegree, { min: 0, integer: true });
  const threads = resolveThreads('reach', o.threads);
  const n = snapshot.nodeCount;
  const params: ReachParams = {
    exactLimit,
    precision,
    hubDegree,
    audience: sharedArray(Float64Array, n),
    reach2: sharedArray(Float64Array, n),
    estimated: sharedArray(Uint8Array, n),
  };
  const chunks = Math.ceil(n / PEOPLE_CHUNK);
  let estimatedCount = 0;
  runChunks({
    task: reachTask,
    // At least one stamp array: the calling thread prepares its workspace even when there is no chunk (no people).
    context: reachContext(snapshot, Math.max(1, Math.min(threads, chunks))),
    params,
    chunks,
    threads,
    signal: o.signal,
    onResult: (estimatedInChunk, chunk) => {
      estimatedCount += estimatedInChunk;
      o.onProgress?.((chunk + 1) / chunks);
    },
  });
  o.onProgress?.(1);
  const { audience, reach2, estimated } = params;
  return { audience, reach2, estimated, estimatedCount, relativeError: hllRelativeError(precision) };
}

/** People per chunk of parallel work. */
const PEOPLE_CHUNK = 2048;

interface ReachParams {
  exactLimit: number;
  precision: number;
  hubDegree: number;
  /** Outputs, in shared memory: each chunk writes its own people's entries. */
  audience: Float64Array;
  reach2: Float64Array;
  estimated: Uint8Array;
}

/**
 * One computation's shared state: the out-edge CSR copied into a WebAssembly memory for the exact walks, with one
 * stamp array per thread after it (a thread claims its slot when it first works on the computation).
 */
interface ReachContext {
  graph: SharedAdjacency;
  memory: WebAssembly.Memory;
  offsets: number;
  targets: number;
  stamps: number;
  slots: Int32Array;
  slotCount: number;
}

function reachContext(snapshot: Snapshot, slotCount: number): ReachContext {
  const graph = sharedAdjacency(snapshot);
  const n = graph.nodeCount;
  const offsets = 0;
  const targets = (n + 1) * 4;
  const stamps = targets + graph.outTargets.length * 4;
  const bytes = stamps + slotCount * n * 4;
  if (bytes > 2 ** 32) throw new RangeError('reach: the graph does not fit the WebAssembly memory (4 GiB)');
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  new Int32Array(memory.buffer, offsets, n + 1).set(graph.outOffsets);
  new Int32Array(memory.buffer, targets, graph.outTargets.length).set(graph.outTargets);
  return { graph, memory, offsets, targets, stamps, slots: sharedArray(Int32Array, 1), slotCount };
}

/**
 * Per-thread working state: its stamp array's address and ticket, and its HyperLogLog sketches in a WebAssembly memory
 * of its own (the one being built at address 0, then the sketches of the hubs met so far, made once each), where the
 * union of a hub's sketch is a SIMD maximum, sixteen registers at a time.
 */
class ReachWorkspace {
  readonly graph: SharedAdjacency;
  readonly twoHop: TwoHop;
  /** Address of this thread's stamps: stamp[w] === ticket when w was already counted in the current walk. */
  readonly stamp: number;
  private ticket = 0;
  /** Address of each hub's sketch in the sketch memory, 0 while it has none. */
  readonly hubSketch: Int32Array;
  private hubCount = 0;
  precision = -1;
  private sketches: WebAssembly.Memory | null = null;
  private mergeKernel: Merge | null = null;
  /** The sketch memory's bytes (renewed when it grows); the sketch being built is its first 2^precision bytes. */
  bytes = new Uint8Array(0);

  constructor(readonly context: ReachContext) {
    this.graph = context.graph;
    const slot = Atomics.add(context.slots, 0, 1);
    if (slot >= context.slotCount) throw new Error('reach: more threads than stamp arrays');
    this.stamp = context.stamps + slot * context.graph.nodeCount * 4;
    this.twoHop = reachKernels(context.memory).twoHop;
    this.hubSketch = new Int32Array(this.graph.nodeCount);
  }

  /** The exact two-hop reach of u (each walk takes a new ticket; a computation walks each person once at most). */
  exact(u: number): number {
    return this.twoHop(this.context.offsets, this.context.targets, this.stamp, u, ++this.ticket);
  }

  /** Sets up the sketch memory for 2^p registers a sketch (once per computation: p is one of its options). */
  usePrecision(p: number): void {
    if (p === this.precision) return;
    this.precision = p;
    this.hubSketch.fill(0);
    this.hubCount = 0;
    this.sketches = new WebAssembly.Memory({
      initial: Math.ceil((2 ** p * 16) / WASM_PAGE) + 1,
      maximum: WASM_MAX_PAGES,
      shared: true,
    });
    this.mergeKernel = reachKernels(this.sketches).merge;
    this.bytes = new Uint8Array(this.sketches.buffer);
  }

  /** Adds the sketch of hub v's closed neighbourhood {v} ∪ audience(v) into the sketch being built. */
  mergeHub(v: number): void {
    const m = 2 ** this.precision;
    let at = this.hubSketch[v];
    if (at === 0) {
      at = m * ++this.hubCount;
      if (at + m > this.bytes.length) {
        this.sketches!.grow(
          Math.ceil(Math.max(at + m, 2 * this.bytes.length) / WASM_PAGE) - this.bytes.length / WASM_PAGE,
        );
        this.bytes = new Uint8Array(this.sketches!.buffer);
      }
      const { outOffsets, outTargets } = this.graph;
      const p = this.precision;
      hllAdd(this.bytes, at, p, v);
      for (let e = outOffsets[v]; e < outOffsets[v + 1]; e++) hllAdd(this.bytes, at, p, outTargets[e]);
      this.hubSketch[v] = at;
    }
    this.mergeKernel!(0, at, m);
  }
}

/** Chunk i: audience and reach2 of people 2048 i .. 2048 i + 2047; returns how many of them were estimated. */
export const reachTask = defineTask({
  name: 'reach',
  prepare: (context: ReachContext) => new ReachWorkspace(context),
  run(workspace, params: ReachParams, chunk: number): number {
    const { exactLimit, precision: p, hubDegree, audience, reach2, estimated } = params;
    workspace.usePrecision(p);
    const { outOffsets, outTargets, nodeCount: n } = workspace.graph;
    let estimatedCount = 0;
    for (let u = chunk * PEOPLE_CHUNK, last = Math.min(n, u + PEOPLE_CHUNK); u < last; u++) {
      const start = outOffsets[u];
      const end = outOffsets[u + 1];
      audience[u] = end - start;
      let work = 0;
      for (let e = start; e < end; e++) work += outOffsets[outTargets[e] + 1] - outOffsets[outTargets[e]];
      if (work <= exactLimit) {
        reach2[u] = workspace.exact(u);
        continue;
      }
      const sketch = workspace.bytes;
      sketch.fill(0, 0, 2 ** p);
      let selfInSketch = false;
      for (let e = start; e < end; e++) {
        const v = outTargets[e];
        const degree = outOffsets[v + 1] - outOffsets[v];
        if (degree > hubDegree) {
          workspace.mergeHub(v);
          if (!selfInSketch) selfInSketch = influences(outOffsets, outTargets, v, u);
        } else {
          hllAdd(workspace.bytes, 0, p, v);
          for (let f = outOffsets[v]; f < outOffsets[v + 1]; f++) {
            const w = outTargets[f];
            if (w !== u) hllAdd(workspace.bytes, 0, p, w);
          }
        }
      }
      // u itself may sit in a merged hub sketch; the estimate counts it once, so take it back out.
      reach2[u] = Math.max(audience[u], Math.round(hllEstimate(workspace.bytes, 0, p)) - (selfInSketch ? 1 : 0));
      estimated[u] = 1;
      estimatedCount++;
    }
    return estimatedCount;
  },
});

/** Whether v influences u directly (binary search in v's sorted audience). */
function influences(outOffsets: Int32Array, outTargets: Int32Array, v: number, u: number): boolean {
  let lo = outOffsets[v];
  let hi = outOffsets[v + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = outTargets[mid];
    if (x === u) return true;
    if (x < u) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
