import { defineTask } from '../parallel/task.ts';
import { WASM_PAGE } from '../wasm/memory.ts';
import { compiledModule } from '../wasm/modules.ts';
import { F64, I32, countedLoop, elementAddress, op, wasmModule } from '../wasm/assembler.ts';
import type { Snapshot } from '../snapshot.ts';

/**
 * PageRank's sweep, in WebAssembly (see wasm/assembler.ts for why): for each person s of a range,
 *   x(s) <- b(s) + d * sum over t that s influences of y(t) [* w(s, t)],   y(s) <- x(s) / W(s),
 * returning the L1 change of x over the range and storing its sum. Reading y from one array and writing another is a
 * Jacobi (power) sweep, which threads can share; reading and writing the same array is a Gauss-Seidel sweep, where
 * each person already sees the new values of the people before it.
 *
 * The gathers keep four partial sums: the loads are independent, and one running sum would make each wait for the
 * previous addition.
 */
const P = {
  offsets: 0,
  targets: 1,
  weights: 2,
  shareIn: 3,
  shareOut: 4,
  rank: 5,
  invW: 6,
  teleport: 7,
  d: 8,
  start: 9,
  stop: 10,
  totalAt: 11,
};
const L = {
  s: 12,
  e: 13,
  end: 14,
  end4: 15,
  p: 16,
  q: 17,
  s8: 18,
  a: 19,
  b: 20,
  c: 21,
  f: 22,
  value: 23,
  residual: 24,
  total: 25,
};

function sweepFunction(name: string, weighted: boolean) {
  const edgeAddresses = [
    ...elementAddress(P.targets, L.e, 2),
    ...op.set(L.p),
    ...(weighted ? [...elementAddress(P.weights, L.e, 2), ...op.set(L.q)] : []),
  ];
  const gather = (sum: number, offset: number) => [
    ...op.get(sum),
    ...elementAddress(P.shareIn, [...op.get(L.p), ...op.loadI32(offset)], 3),
    ...op.loadF64(),
    ...(weighted ? [...op.get(L.q), ...op.loadF32(offset), ...op.f64PromoteF32, ...op.f64Mul] : []),
    ...op.f64Add,
    ...op.set(sum),
  ];
  const zero = (local: number) => [...op.f64(0), ...op.set(local)];
  // The address of s's entry in an array of doubles, once L.s8 holds s << 3.
  const entryOfS = (base: number) => elementAddress(base, L.s8, 0);
  // Person s: gather over its edges, then update x(s) and y(s).
  const person = [
    ...elementAddress(P.offsets, L.s, 2),
    ...op.set(L.p),
    ...op.get(L.p),
    ...op.loadI32(0),
    ...op.set(L.e),
    ...op.get(L.p),
    ...op.loadI32(4),
    ...op.set(L.end),
    ...zero(L.a),
    ...zero(L.b),
    ...zero(L.c),
    ...zero(L.f),
    ...op.get(L.end),
    ...op.i32(3),
    ...op.i32Sub,
    ...op.set(L.end4),
    // Four edges at a time,
    ...countedLoop(
      L.e,
      L.end4,
      [...edgeAddresses, ...gather(L.a, 0), ...gather(L.b, 4), ...gather(L.c, 8), ...gather(L.f, 12)],
      4,
    ),
    // then the rest one by one.
    ...countedLoop(L.e, L.end, [...edgeAddresses, ...gather(L.a, 0)]),
    // x(s) = b(s) + d (a + b + c + f); change and total; y(s) = x(s) / W(s).
    ...op.get(L.s),
    ...op.i32(3),
    ...op.i32Shl,
    ...op.set(L.s8),
    ...entryOfS(P.teleport),
    ...op.loadF64(),
    ...op.get(P.d),
    ...op.get(L.a),
    ...op.get(L.b),
    ...op.f64Add,
    ...op.get(L.c),
    ...op.get(L.f),
    ...op.f64Add,
    ...op.f64Add,
    ...op.f64Mul,
    ...op.f64Add,
    ...op.set(L.value),
    ...op.get(L.residual),
    ...op.get(L.value),
    ...entryOfS(P.rank),
    ...op.loadF64(),
    ...op.f64Sub,
    ...op.f64Abs,
    ...op.f64Add,
    ...op.set(L.residual),
    ...op.get(L.total),
    ...op.get(L.value),
    ...op.f64Add,
    ...op.set(L.total),
    ...entryOfS(P.rank),
    ...op.get(L.value),
    ...op.storeF64(),
    ...entryOfS(P.shareOut),
    ...op.get(L.value),
    ...entryOfS(P.invW),
    ...op.loadF64(),
    ...op.f64Mul,
    ...op.storeF64(),
  ];
  const body = [
    ...op.get(P.start),
    ...op.set(L.s),
    ...countedLoop(L.s, P.stop, person),
    ...op.get(P.totalAt),
    ...op.get(L.total),
    ...op.storeF64(),
    ...op.get(L.residual),
  ];
  return {
    name,
    params: [I32, I32, I32, I32, I32, I32, I32, I32, F64, I32, I32, I32],
    results: [F64],
    locals: [
      [7, I32],
      [7, F64],
    ] as Array<[number, number]>,
    body,
  };
}

/**
 * The extrapolation's jump (see pagerank.ts) over every person s:
 *   x(s) <- x(s) + factor (x(s) - x_previous(s)),   y(s) <- x(s) / W(s).
 * In WebAssembly rather than JavaScript because it runs a few times in a computation that is usually its process's
 * first: a JavaScript loop would run unoptimised there, at several times the cost.
 */
function extrapolateFunction() {
  const X = { rank: 0, previous: 1, share: 2, invW: 3, n: 4, factor: 5, s: 6, s8: 7, value: 8 };
  const entry = (base: number) => elementAddress(base, X.s8, 0);
  const person = [
    ...op.get(X.s),
    ...op.i32(3),
    ...op.i32Shl,
    ...op.set(X.s8),
    // value = x + factor (x - x_previous)
    ...entry(X.rank),
    ...op.loadF64(),
    ...op.get(X.factor),
    ...entry(X.rank),
    ...op.loadF64(),
    ...entry(X.previous),
    ...op.loadF64(),
    ...op.f64Sub,
    ...op.f64Mul,
    ...op.f64Add,
    ...op.set(X.value),
    ...entry(X.rank),
    ...op.get(X.value),
    ...op.storeF64(),
    ...entry(X.share),
    ...op.get(X.value),
    ...entry(X.invW),
    ...op.loadF64(),
    ...op.f64Mul,
    ...op.storeF64(),
  ];
  return {
    name: 'extrapolate',
    params: [I32, I32, I32, I32, I32, F64],
    results: [],
    locals: [
      [2, I32],
      [1, F64],
    ] as Array<[number, number]>,
    body: [...op.i32(0), ...op.set(X.s), ...countedLoop(X.s, X.n, person)],
  };
}

/** The module's bytes, from the source above. */
export const writeSweepKernels = () =>
  wasmModule([sweepFunction('sweep', false), sweepFunction('sweepWeighted', true), extrapolateFunction()]);

/** The sweep module, compiled once per thread (wasm/modules.ts). */
const sweepModule = () => compiledModule('pagerank-sweep', writeSweepKernels);

type Sweep = (...args: number[]) => number;

/** Byte addresses of PageRank's arrays in its WebAssembly memory. */
export interface PageRankLayout {
  offsets: number;
  targets: number;
  weights: number;
  shareA: number;
  shareB: number;
  rank: number;
  invW: number;
  teleport: number;
  /** One Float64 per block: the block's sum of x after a sweep. */
  totals: number;
  /** x before the last sweep, kept for an extrapolation (0 when there is none). */
  previous: number;
  bytes: number;
}

/**
 * The graph and the iteration's vectors in one shared WebAssembly memory: the pull runs on the snapshot's out-edges
 * (s gathers from the people it influences), copied in once per computation (4 bytes an edge, 8 more when weighted).
 */
export class PageRankMemory {
  readonly memory: WebAssembly.Memory;
  readonly layout: PageRankLayout;
  readonly share: [Float64Array, Float64Array];
  readonly rank: Float64Array;
  readonly invW: Float64Array;
  readonly teleport: Float64Array;
  /** x before the last sweep when extrapolating, else empty. */
  readonly previous: Float64Array;
  /** Blocks of people of about BLOCK_WORK edges and people each: the chunks of a parallel sweep. */
  readonly blocks: Int32Array;

  /**
   * `blocked`: cut the people into blocks for parallel sweeps (a Gauss-Seidel sweep is one block: finding the blocks
   * is a pass over everyone, which in a process's first computation runs unoptimised). `extrapolating`: keep room for
   * the ranks before a sweep.
   */
  constructor(snapshot: Snapshot, options: { weighted: boolean; blocked: boolean; extrapolating: boolean }) {
    const { weighted, extrapolating } = options;
    const n = snapshot.nodeCount;
    const m = snapshot.edgeCount;
    this.blocks = options.blocked ? blockBoundaries(snapshot.outOffsets) : Int32Array.of(0, n);
    const blockCount = this.blocks.length - 1;
    let at = 0;
    const take = (bytes: number) => {
      const start = at;
      at += Math.ceil(bytes / 8) * 8;
      return start;
    };
    const layout = {
      offsets: take((n + 1) * 4),
      targets: take(m * 4),
      weights: weighted ? take(m * 4) : 0,
      shareA: take(n * 8),
      shareB: take(n * 8),
      rank: take(n * 8),
      invW: take(n * 8),
      teleport: take(n * 8),
      totals: take(blockCount * 8),
      previous: extrapolating ? take(n * 8) : 0,
      bytes: 0,
    };
    layout.bytes = at;
    if (at > 2 ** 32) throw new RangeError('pagerank: the graph does not fit the WebAssembly memory (4 GiB)');
    const pages = Math.max(1, Math.ceil(at / WASM_PAGE));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    this.layout = layout;
    const buffer = this.memory.buffer;
    new Int32Array(buffer, layout.offsets, n + 1).set(snapshot.outOffsets);
    new Int32Array(buffer, layout.targets, m).set(snapshot.outTargets);
    if (weighted) new Float32Array(buffer, layout.weights, m).set(snapshot.outWeights);
    this.share = [new Float64Array(buffer, layout.shareA, n), new Float64Array(buffer, layout.shareB, n)];
    this.rank = new Float64Array(buffer, layout.rank, n);
    this.invW = new Float64Array(buffer, layout.invW, n);
    this.teleport = new Float64Array(buffer, layout.teleport, n);
    this.previous = new Float64Array(buffer, layout.previous, extrapolating ? n : 0);
  }
}

/** Edges plus people per block of a parallel sweep: large enough that handing a block to a thread costs little. */
const BLOCK_WORK = 1 << 16;

function blockBoundaries(offsets: Int32Array): Int32Array {
  const n = offsets.length - 1;
  const bounds = [0];
  let work = 0;
  for (let s = 0; s < n; s++) {
    work += offsets[s + 1] - offsets[s] + 1;
    if (work >= BLOCK_WORK) {
      bounds.push(s + 1);
      work = 0;
    }
  }
  if (bounds[bounds.length - 1] !== n) bounds.push(n);
  return Int32Array.from(bounds);
}

export interface SweepContext {
  memory: WebAssembly.Memory;
  layout: PageRankLayout;
  blocks: Int32Array;
  weighted: boolean;
}

export interface SweepParams {
  /** Byte addresses of the y read and the y written: equal for a Gauss-Seidel sweep. */
  shareIn: number;
  shareOut: number;
  damping: number;
}

/** A thread's view of a PageRank memory: the kernel instantiated on it. */
export class Sweeper {
  private readonly kernel: Sweep;
  private readonly jump: (...args: number[]) => void;
  private readonly totals: Float64Array;

  constructor(readonly context: SweepContext) {
    const instance = new WebAssembly.Instance(sweepModule(), { env: { memory: context.memory } });
    this.kernel = (context.weighted ? instance.exports.sweepWeighted : instance.exports.sweep) as Sweep;
    this.jump = instance.exports.extrapolate as (...args: number[]) => void;
    this.totals = new Float64Array(context.memory.buffer, context.layout.totals, context.blocks.length - 1);
  }

  /** Sweeps people start .. stop - 1; returns the L1 change of x and its sum over them. */
  sweep(params: SweepParams, start: number, stop: number, block: number): { change: number; total: number } {
    const { layout } = this.context;
    const change = this.kernel(
      layout.offsets,
      layout.targets,
      layout.weights,
      params.shareIn,
      params.shareOut,
      layout.rank,
      layout.invW,
      layout.teleport,
      params.damping,
      start,
      stop,
      layout.totals + 8 * block,
    );
    return { change, total: this.totals[block] };
  }

  /** x <- x + factor (x - x_previous) and y at byte address `share` to match, for people 0 .. n - 1. */
  extrapolate(share: number, factor: number, n: number): void {
    const { layout } = this.context;
    this.jump(layout.rank, layout.previous, share, layout.invW, n, factor);
  }
}

/** Chunk i: a Jacobi sweep of block i. */
export const pagerankSweepTask = defineTask({
  name: 'pagerank-sweep',
  prepare: (context: SweepContext) => new Sweeper(context),
  run: (sweeper, params: SweepParams, block: number) =>
    sweeper.sweep(params, sweeper.context.blocks[block], sweeper.context.blocks[block + 1], block),
});
