import {
  F64,
  I32,
  addTo,
  countedLoop,
  elementAddress,
  elementAddressFromStack,
  op,
  wasmModule,
} from '../../wasm/assembler.ts';
import { compiledModule } from '../../wasm/modules.ts';

/**
 * The RR-set sampler's loops (rr-sets.ts) in WebAssembly. Why: advocates are chosen once per command, in a fresh
 * process, where V8 has not yet optimised the JavaScript loops; a first selection sampled its RR sets 4 to 5 times
 * slower than the same process's later ones. WebAssembly is compiled before it runs, so the first sets are drawn at
 * full speed, and its loads need no bounds checks (see wasm/assembler.ts).
 *
 *   roots(count, state, out, n, index, keep, alias, columns)
 *       out[0 .. count) = the next roots: uniform over n people when columns is 0, otherwise by Walker's alias method
 *       over the table's columns (alias.ts)
 *   icSets(from, count, state, roots, pool, capacity, ends, visited, people, inSources, inProbability, base)
 *   ltSets(from, count, state, roots, pool, capacity, ends, visited, inOffsets, inSources, inProbability, base,
 *          inTotal, pick)
 *       the sets of roots[from .. count), written back to back from pool[0], set j ending at base + ends[j - from];
 *       returns count, or the first set that did not fit in `capacity` members (its draws undone: the caller copies
 *       the sets written and calls again from there). IC reads each person's IC_RECORD in `people`; LT reads the
 *       diffusion graph's in-edge offsets, and its total in-probabilities unless `pick` (LT_PICK) is `surely`.
 *
 *   icRecords(n, inOffsets, shared, people)
 *       each person's IC_RECORD from the diffusion graph's in-edge offsets and shared probabilities (probabilities.ts);
 *       returns the largest in-degree. It calls the imported Math.log1p, so the records are the same, bit for bit, as
 *       JavaScript would write them.
 *
 * Every address is a byte address in the memory; `state` holds the four words of xoshiro128** (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", ACM TOMS 2021), read at entry and written back at exit.
 */

/** Parameters shared by icSets and ltSets, then their locals. */
const P = {
  from: 0,
  count: 1,
  state: 2,
  roots: 3,
  pool: 4,
  capacity: 5,
  ends: 6,
  visited: 7,
  /** IC: the people's records (IC_RECORD); LT: the in-edge offsets. */
  people: 8,
  inSources: 9,
  inProbability: 10,
  /** Added to every end written: the members the caller holds before this call's. */
  base: 11,
};
const PARAMS = 12;

/**
 * What an IC step reads about person v, in one record so that it costs one cache miss, not two: the range of v's
 * in-edges in inSources, then ln(1 - q) of the in-probability q v's in-edges share (see icSets). `shift`: log2 of the
 * record's bytes.
 */
export const IC_RECORD = { bytes: 16, shift: 4, first: 0, end: 4, logFail: 8 } as const;
/**
 * i32 locals, in this order after the parameters: the generator's state, its output, the state saved at the start of
 * a set, and the loop variables.
 */
const I32_NAMES = [
  'a',
  'b',
  'c',
  'd',
  'r',
  't',
  'sa',
  'sb',
  'sc',
  'sd',
  'k',
  'size',
  'start',
  'head',
  'v',
  'first',
  'end',
  'e',
  'u',
  'at',
  'i',
  'exponent',
  'last',
] as const;
const I32_LOCALS = I32_NAMES.length;
function i32Locals(base: number) {
  return Object.fromEntries(I32_NAMES.map((name, i) => [name, base + i])) as Record<(typeof I32_NAMES)[number], number>;
}
const F64_LOCALS = 5;

const TWO_TO_MINUS_32 = 2.3283064365386963e-10;
const LN2 = Math.LN2;
const SQRT2 = Math.SQRT2;

type Locals = ReturnType<typeof i32Locals> & { x: number; y: number; s: number; s2: number; q: number };

function locals(paramCount: number): Locals {
  const l = i32Locals(paramCount);
  const f = paramCount + I32_LOCALS;
  return { ...l, x: f, y: f + 1, s: f + 2, s2: f + 3, q: f + 4 };
}

const setLocal = (local: number, value: number[]) => [...value, ...op.set(local)];

/** A kernel of this file: i32 parameters, the locals of `locals`, and the given results. */
function kernel(name: string, params: number, results: number[], body: number[]) {
  const locals: Array<[number, number]> = [
    [I32_LOCALS, I32],
    [F64_LOCALS, F64],
  ];
  return { name, params: Array<number>(params).fill(I32), results, locals, body };
}
const xorInto = (target: number, other: number) => [
  ...op.get(target),
  ...op.get(other),
  ...op.i32Xor,
  ...op.set(target),
];

/** Loads the four state words into a, b, c, d; `storeState` writes them back. */
function loadState(L: Locals, state: number): number[] {
  return [L.a, L.b, L.c, L.d].flatMap((local, i) => [...op.get(state), ...op.loadI32(i * 4), ...op.set(local)]);
}
function storeState(L: Locals, state: number): number[] {
  return [L.a, L.b, L.c, L.d].flatMap((local, i) => [...op.get(state), ...op.get(local), ...op.storeI32(i * 4)]);
}

/** xoshiro128**: r = rotl(b x 5, 7) x 9, then the state advances. */
function next(L: Locals): number[] {
  return [
    ...setLocal(L.r, [
      ...op.get(L.b),
      ...op.i32(5),
      ...op.i32Mul,
      ...op.i32(7),
      ...op.i32Rotl,
      ...op.i32(9),
      ...op.i32Mul,
    ]),
    ...setLocal(L.t, [...op.get(L.b), ...op.i32(9), ...op.i32Shl]),
    ...xorInto(L.c, L.a),
    ...xorInto(L.d, L.b),
    ...xorInto(L.b, L.c),
    ...xorInto(L.a, L.d),
    ...xorInto(L.c, L.t),
    ...setLocal(L.d, [...op.get(L.d), ...op.i32(11), ...op.i32Rotl]),
  ];
}

/** Pushes the last output as a number in [0, 1): r / 2^32. */
function unit(L: Locals): number[] {
  return [...op.get(L.r), ...op.f64ConvertI32U, ...op.f64(TWO_TO_MINUS_32), ...op.f64Mul];
}

/**
 * Pushes ln U for U = (r + 1) / 2^32, in (0, 1]. WebAssembly has no logarithm, and calling JavaScript's for every draw
 * would cost more than the draw: r + 1 = m 2^j with m in [sqrt(1/2), sqrt(2)), then ln m = 2 atanh(s) with
 * s = (m - 1) / (m + 1), |s| < 0.172, summed to s^21 (the next term is below 2^-53 of the sum), and
 * ln U = (j - 32) ln 2 + ln m. Matches Math.log to within a few units in the last place (tested).
 */
function logUnit(L: Locals): number[] {
  // Series coefficients 1/1, 1/3, ..., 1/21, evaluated by Horner's rule in s^2 from the highest.
  const horner: number[] = [...op.f64(1 / 21)];
  for (let j = 9; j >= 0; j--) horner.push(...op.get(L.s2), ...op.f64Mul, ...op.f64(1 / (2 * j + 1)), ...op.f64Add);
  return [
    // u = r + 1; u = 0 means r + 1 = 2^32: U = 1, ln U = 0.
    ...setLocal(L.u, [...op.get(L.r), ...op.i32(1), ...op.i32Add]),
    ...op.get(L.u),
    ...op.i32Eqz,
    ...[0x04, F64], // if (result f64)
    ...op.f64(0),
    ...op.else,
    // exponent = 31 - clz(u); x = u x 2^-exponent, in [1, 2).
    ...setLocal(L.exponent, [...op.i32(31), ...op.get(L.u), ...op.i32Clz, ...op.i32Sub]),
    ...setLocal(L.x, [
      ...op.get(L.u),
      ...op.f64ConvertI32U,
      ...op.i32(1023),
      ...op.get(L.exponent),
      ...op.i32Sub,
      ...op.i64ExtendI32U,
      ...op.i64(52),
      ...op.i64Shl,
      ...op.f64ReinterpretI64,
      ...op.f64Mul,
    ]),
    ...op.get(L.x),
    ...op.f64(SQRT2),
    ...op.f64Gt,
    ...op.if,
    ...setLocal(L.x, [...op.get(L.x), ...op.f64(0.5), ...op.f64Mul]),
    ...setLocal(L.exponent, [...op.get(L.exponent), ...op.i32(1), ...op.i32Add]),
    ...op.end,
    ...setLocal(L.s, [
      ...op.get(L.x),
      ...op.f64(1),
      ...op.f64Sub,
      ...op.get(L.x),
      ...op.f64(1),
      ...op.f64Add,
      ...op.f64Div,
    ]),
    ...setLocal(L.s2, [...op.get(L.s), ...op.get(L.s), ...op.f64Mul]),
    // (exponent - 32) ln 2 + 2 s (1 + s^2/3 + ...)
    ...op.get(L.exponent),
    ...op.i32(32),
    ...op.i32Sub,
    ...op.f64ConvertI32S,
    ...op.f64(LN2),
    ...op.f64Mul,
    ...op.f64(2),
    ...op.get(L.s),
    ...op.f64Mul,
    ...horner,
    ...op.f64Mul,
    ...op.f64Add,
    ...op.end,
  ];
}

/** Pushes the i32 at array + index x 4 (index a local). */
const loadAt = (array: number, index: number) => [...elementAddress(array, index, 2), ...op.loadI32()];

/** Appends person `u` to the set unless it is already in it: visited[u] = 1, pool[size++] = u. */
function addIfNew(L: Locals): number[] {
  return [...elementAddress(P.visited, L.u, 0), ...op.loadU8(), ...op.i32Eqz, ...op.if, ...append(L, L.u), ...op.end];
}

/** visited[person] = 1, pool[size++] = person. */
function append(L: Locals, person: number): number[] {
  return [
    ...elementAddress(P.visited, person, 0),
    ...op.i32(1),
    ...op.storeI8(),
    ...elementAddress(P.pool, L.size, 2),
    ...op.get(person),
    ...op.storeI32(),
    ...addTo(L.size, 1),
  ];
}

/** visited[pool[i]] = 0 for i in start .. size: the flags of the set just written, cleared through the set. */
function clearVisited(L: Locals): number[] {
  return [
    ...setLocal(L.i, op.get(L.start)),
    ...countedLoop(L.i, L.size, [
      ...loadAt(P.pool, L.i),
      ...op.get(P.visited),
      ...op.i32Add,
      ...op.i32(0),
      ...op.storeI8(),
    ]),
  ];
}

/** When `needed` more members would pass the capacity: undo the set being drawn and return its position. */
function returnIfFull(L: Locals, needed: number[]): number[] {
  return [
    ...op.get(L.size),
    ...needed,
    ...op.i32Add,
    ...op.get(P.capacity),
    ...op.i32GtS,
    ...op.if,
    ...clearVisited(L),
    ...setLocal(L.a, op.get(L.sa)),
    ...setLocal(L.b, op.get(L.sb)),
    ...setLocal(L.c, op.get(L.sc)),
    ...setLocal(L.d, op.get(L.sd)),
    ...storeState(L, P.state),
    ...op.get(L.k),
    ...op.return,
    ...op.end,
  ];
}

/**
 * The loop over sets both models share: for each k from `from` below `count`, save the state, start the set with
 * root roots[k], run `walk`, clear the flags and record where the set ends.
 */
function setsLoop(L: Locals, walk: number[]): number[] {
  return [
    ...loadState(L, P.state),
    ...setLocal(L.size, op.i32(0)),
    ...setLocal(L.k, op.get(P.from)),
    ...countedLoop(L.k, P.count, [
      ...setLocal(L.sa, op.get(L.a)),
      ...setLocal(L.sb, op.get(L.b)),
      ...setLocal(L.sc, op.get(L.c)),
      ...setLocal(L.sd, op.get(L.d)),
      ...setLocal(L.start, op.get(L.size)),
      ...returnIfFull(L, op.i32(1)),
      ...setLocal(L.v, loadAt(P.roots, L.k)),
      ...append(L, L.v),
      ...walk,
      ...clearVisited(L),
      // ends[k - from] = size
      ...op.get(L.k),
      ...op.get(P.from),
      ...op.i32Sub,
      ...elementAddressFromStack(P.ends, 2),
      ...op.get(P.base),
      ...op.get(L.size),
      ...op.i32Add,
      ...op.storeI32(),
    ]),
    ...storeState(L, P.state),
    ...op.get(P.count),
  ];
}

/** The in-edge offsets read as LT's record of a person: v's first in-edge at 4v, its end at 4v + 4. */
const IN_OFFSETS = { shift: 2, first: 0, end: 4 } as const;

/** at = v's record; first, end = the range of v's in-edges. */
function inRange(L: Locals, record: { shift: number; first: number; end: number }): number[] {
  return [
    ...setLocal(L.at, elementAddress(P.people, L.v, record.shift)),
    ...setLocal(L.first, [...op.get(L.at), ...op.loadI32(record.first)]),
    ...setLocal(L.end, [...op.get(L.at), ...op.loadI32(record.end)]),
  ];
}

/**
 * IC: breadth-first over live in-edges from the root, the set being written serving as the queue. The logFail of v's
 * record says how v's in-edges are drawn: -Infinity all live, 0 none, ln(1 - q) for a probability q shared by all of
 * them (geometric skipping: floor(ln U / ln(1 - q)) edges fail before the next live one), NaN one draw per edge against
 * its own probability.
 */
function icSets() {
  const L = locals(PARAMS);
  const R = IC_RECORD;
  const q = L.q;
  const everyEdge = [
    ...setLocal(L.e, op.get(L.first)),
    ...countedLoop(L.e, L.end, [...setLocal(L.u, loadAt(P.inSources, L.e)), ...addIfNew(L)]),
  ];
  const geometric = [
    ...setLocal(L.e, [...op.get(L.first), ...op.i32(1), ...op.i32Sub]),
    ...op.block,
    ...op.loop,
    ...next(L),
    ...setLocal(L.y, [...logUnit(L), ...op.get(q), ...op.f64Div]),
    // Leave when the gap passes the last edge: gap >= end - e - 1.
    ...op.get(L.y),
    ...op.get(L.end),
    ...op.get(L.e),
    ...op.i32Sub,
    ...op.i32(1),
    ...op.i32Sub,
    ...op.f64ConvertI32S,
    ...op.f64Ge,
    ...op.brIf(1),
    ...setLocal(L.e, [...op.get(L.e), ...op.i32(1), ...op.i32Add, ...op.get(L.y), ...op.i32TruncSatF64S, ...op.i32Add]),
    ...setLocal(L.u, loadAt(P.inSources, L.e)),
    ...addIfNew(L),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  const edgeByEdge = [
    ...setLocal(L.e, op.get(L.first)),
    ...countedLoop(L.e, L.end, [
      ...setLocal(L.u, loadAt(P.inSources, L.e)),
      ...elementAddress(P.visited, L.u, 0),
      ...op.loadU8(),
      ...op.i32Eqz,
      ...op.if,
      ...next(L),
      // r < inProbability[e] x 2^32
      ...op.get(L.r),
      ...op.f64ConvertI32U,
      ...elementAddress(P.inProbability, L.e, 2),
      ...op.loadF32(),
      ...op.f64PromoteF32,
      ...op.f64(4294967296),
      ...op.f64Mul,
      ...op.f64Lt,
      ...op.if,
      ...append(L, L.u),
      ...op.end,
      ...op.end,
    ]),
  ];
  const walk = [
    ...setLocal(L.head, op.get(L.start)),
    ...countedLoop(L.head, L.size, [
      ...setLocal(L.v, loadAt(P.pool, L.head)),
      ...inRange(L, R),
      ...op.get(L.first),
      ...op.get(L.end),
      ...op.i32Ne,
      ...op.if,
      ...returnIfFull(L, [...op.get(L.end), ...op.get(L.first), ...op.i32Sub]),
      ...setLocal(q, [...op.get(L.at), ...op.loadF64(R.logFail)]),
      ...op.get(q),
      ...op.f64(-Infinity),
      ...op.f64Eq,
      ...op.if,
      ...everyEdge,
      ...op.else,
      ...op.get(q),
      ...op.f64(0),
      ...op.f64Lt,
      ...op.if,
      ...geometric,
      ...op.else,
      ...op.get(q),
      ...op.get(q),
      ...op.f64Ne,
      ...op.if,
      ...edgeByEdge,
      ...op.end,
      ...op.end,
      ...op.end,
      ...op.end,
    ]),
  ];
  return kernel('icSets', PARAMS, [I32], setsLoop(L, walk));
}

/** ltSets' parameters after the ones it shares with icSets (where `people` holds the in-edge offsets instead). */
const LT_PARAMS = { inTotal: PARAMS, pick: PARAMS + 1 };

/**
 * How an LT walk picks v's influencer, for the whole graph (ltSets' `pick`):
 * - surely: every in-edge of v weighs 1 / d (weighted cascade): one of the d is picked, uniformly;
 * - shared: v's in-edges share q, d q = inTotal[v] at most 1 (uniform): with probability inTotal[v] one of them is
 *   picked, uniformly;
 * - mixed: in-edges weigh their own probabilities (relationship weights): with probability inTotal[v] one is picked,
 *   the first whose running sum in in-edge order passes a uniform draw below inTotal[v].
 */
export const LT_PICK = { surely: 0, shared: 1, mixed: 2 } as const;

/**
 * LT: a backward random walk from the root, each person v picking one influencer (LT_PICK) or nobody, stopping at
 * nobody or at a person already in the set. A step reads v's two in-edge offsets and the source picked, nothing else
 * under weighted cascade: epinions' walks are bound by memory (about 5.5 steps a set), and the 32-byte person records
 * they read before (offsets, inTotal, 1 / q) left in-edges and records no longer fitting in a core's cache; a uniform
 * pick is floor(r d / 2^32) in integers, off the floating-point unit.
 */
function ltSets() {
  const L = locals(PARAMS + 2);
  const x = L.x;
  const acc = L.y;
  /** e = first + floor(r d / 2^32), d = end - first: one of v's in-edges, uniformly. */
  const uniformPick = setLocal(L.e, [
    ...op.get(L.first),
    ...op.get(L.r),
    ...op.i64ExtendI32U,
    ...op.get(L.end),
    ...op.get(L.first),
    ...op.i32Sub,
    ...op.i64ExtendI32U,
    ...op.i64Mul,
    ...op.i64(32),
    ...op.i64ShrU,
    ...op.i32WrapI64,
    ...op.i32Add,
  ]);
  /** The first in-edge whose running sum passes x (the last one at most). */
  const runningSumPick = [
    ...setLocal(L.e, op.get(L.first)),
    ...setLocal(L.last, [...op.get(L.end), ...op.i32(1), ...op.i32Sub]),
    ...setLocal(acc, [...elementAddress(P.inProbability, L.e, 2), ...op.loadF32(), ...op.f64PromoteF32]),
    ...op.block,
    ...op.loop,
    ...op.get(x),
    ...op.get(acc),
    ...op.f64Ge,
    ...op.get(L.e),
    ...op.get(L.last),
    ...op.i32LtS,
    ...op.i32And,
    ...op.i32Eqz,
    ...op.brIf(1),
    ...setLocal(L.e, [...op.get(L.e), ...op.i32(1), ...op.i32Add]),
    ...setLocal(acc, [
      ...op.get(acc),
      ...elementAddress(P.inProbability, L.e, 2),
      ...op.loadF32(),
      ...op.f64PromoteF32,
      ...op.f64Add,
    ]),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  const walk = [
    ...op.block,
    ...op.loop,
    // first, end = v's in-edges; nobody to pick: the walk ends.
    ...inRange(L, IN_OFFSETS),
    ...op.get(L.first),
    ...op.get(L.end),
    ...op.i32Eq,
    ...op.brIf(1),
    ...next(L),
    ...op.get(LT_PARAMS.pick),
    ...op.i32Eqz,
    ...op.if,
    ...uniformPick,
    ...op.else,
    // x >= inTotal[v]: nobody picked, the walk ends (two levels out: this if, then the loop).
    ...setLocal(x, unit(L)),
    ...op.get(x),
    ...elementAddress(LT_PARAMS.inTotal, L.v, 3),
    ...op.loadF64(),
    ...op.f64Ge,
    ...op.brIf(2),
    ...op.get(LT_PARAMS.pick),
    ...op.i32(LT_PICK.shared),
    ...op.i32Eq,
    ...op.if,
    // A fresh draw: x, below inTotal[v], is not uniform over the whole range.
    ...next(L),
    ...uniformPick,
    ...op.else,
    ...runningSumPick,
    ...op.end,
    ...op.end,
    ...setLocal(L.u, loadAt(P.inSources, L.e)),
    // The walk met itself.
    ...elementAddress(P.visited, L.u, 0),
    ...op.loadU8(),
    ...op.brIf(1),
    ...returnIfFull(L, op.i32(1)),
    ...append(L, L.u),
    ...setLocal(L.v, op.get(L.u)),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return kernel('ltSets', PARAMS + 2, [I32], setsLoop(L, walk));
}

/** Roots: uniform, floor(U n); or by alias, column floor(U columns), then its person or its alias by keep[column]. */
function roots() {
  const R = { count: 0, state: 1, out: 2, n: 3, index: 4, keep: 5, alias: 6, columns: 7 };
  const L = locals(8);
  const scaled = (by: number) => [
    ...unit(L),
    ...op.get(by),
    ...op.f64ConvertI32S,
    ...op.f64Mul,
    ...op.f64Floor,
    ...op.i32TruncSatF64S,
  ];
  const body = [
    ...loadState(L, R.state),
    ...setLocal(L.k, op.i32(0)),
    ...countedLoop(L.k, R.count, [
      ...next(L),
      ...elementAddress(R.out, L.k, 2),
      ...op.get(R.columns),
      ...op.i32Eqz,
      ...[0x04, I32], // if (result i32)
      ...scaled(R.n),
      ...op.else,
      ...setLocal(L.i, scaled(R.columns)),
      ...next(L),
      // index[i] when U < keep[i], otherwise alias[i]
      ...loadAt(R.index, L.i),
      ...loadAt(R.alias, L.i),
      ...unit(L),
      ...elementAddress(R.keep, L.i, 3),
      ...op.loadF64(),
      ...op.f64Lt,
      ...op.select,
      ...op.end,
      ...op.storeI32(),
    ]),
    ...storeState(L, R.state),
  ];
  return kernel('roots', 8, [], body);
}

export type RootsKernel = (
  count: number,
  state: number,
  out: number,
  n: number,
  index: number,
  keep: number,
  alias: number,
  columns: number,
) => void;
/** icRecords: the arguments as listed in this file's banner; returns the largest in-degree. */
export type RecordsKernel = (...addresses: number[]) => number;
/** icSets and ltSets: the arguments as listed in this file's banner. */
export type SetsKernel = (...addresses: number[]) => number;

/** IC: logFail = -Infinity for q >= 1 (all live), ln(1 - q) for 0 < q < 1, 0 for q = 0, NaN for mixed (q NaN). */
function icRecords() {
  const [n, inOffsets, shared, people] = [0, 1, 2, 3];
  const L = locals(4);
  const R = IC_RECORD;
  const logFail = [
    ...setLocal(L.q, [...elementAddress(shared, L.v, 3), ...op.loadF64()]),
    ...op.get(L.at),
    ...op.get(L.q),
    ...op.f64(1),
    ...op.f64Ge,
    ...[0x04, F64], // if (result f64)
    ...op.f64(-Infinity),
    ...op.else,
    ...op.get(L.q),
    ...op.f64(0),
    ...op.f64Gt,
    ...[0x04, F64],
    ...op.f64(0),
    ...op.get(L.q),
    ...op.f64Sub,
    ...op.call(LOG1P),
    ...op.else,
    // 0 when q = 0, otherwise (q NaN) NaN.
    ...op.f64(0),
    ...op.f64(NaN),
    ...op.get(L.q),
    ...op.f64(0),
    ...op.f64Eq,
    ...op.select,
    ...op.end,
    ...op.end,
    ...op.storeF64(R.logFail),
  ];
  // For each person v: at = v's record, first and end its in-edges, written into it with logFail; `last` keeps the
  // largest end - first.
  const body = [
    ...setLocal(L.v, op.i32(0)),
    ...countedLoop(L.v, n, [
      ...setLocal(L.first, loadAt(inOffsets, L.v)),
      ...setLocal(L.end, [...elementAddress(inOffsets, L.v, 2), ...op.loadI32(4)]),
      ...setLocal(L.at, elementAddress(people, L.v, R.shift)),
      ...op.get(L.at),
      ...op.get(L.first),
      ...op.storeI32(R.first),
      ...op.get(L.at),
      ...op.get(L.end),
      ...op.storeI32(R.end),
      ...setLocal(L.i, [...op.get(L.end), ...op.get(L.first), ...op.i32Sub]),
      ...setLocal(L.last, [
        ...op.get(L.i),
        ...op.get(L.last),
        ...op.get(L.i),
        ...op.get(L.last),
        ...op.i32GtS,
        ...op.select,
      ]),
      ...logFail,
    ]),
    ...op.get(L.last),
  ];
  return kernel('icRecords', 4, [I32], body);
}

/** The module's one import, Math.log1p, is function 0. */
const LOG1P = 0;

/** The module's bytes, from the source above. */
export const writeRRKernels = () =>
  wasmModule([roots(), icSets(), ltSets(), icRecords()], [{ name: 'log1p', params: [F64], results: [F64] }]);

/** The kernels instantiated on a memory (compiled once per thread: wasm/modules.ts). */
export function rrKernels(memory: WebAssembly.Memory): {
  roots: RootsKernel;
  icSets: SetsKernel;
  ltSets: SetsKernel;
  icRecords: RecordsKernel;
} {
  const { exports } = new WebAssembly.Instance(compiledModule('rr-sets', writeRRKernels), {
    env: { memory, log1p: Math.log1p },
  });
  return {
    roots: exports.roots as RootsKernel,
    icSets: exports.icSets as SetsKernel,
    ltSets: exports.ltSets as SetsKernel,
    icRecords: exports.icRecords as RecordsKernel,
  };
}
