import { I32, addTo, countedLoop, op, wasmModule, type WasmFunction } from '../../wasm/assembler.ts';
import { compiledModule } from '../../wasm/modules.ts';

/**
 * The greedy maximum coverage of max-coverage.ts in WebAssembly, for the same reason as the other passes over RR sets
 * (coverage-kernel.ts): it runs once per command, where JavaScript would still be cold. max-coverage.ts keeps the
 * algorithm's description and drives these steps; the arrays live in the coverage index's memory, their addresses in
 * a header of 32-bit fields (HEADER) that every function reads.
 *
 *   init(header, n) -> the highest coverage    every person's coverage; eligible people filed in their buckets
 *   take(header, v) -> sets newly covered      choose v: cover its sets, lower their members' coverage
 *   completion(header) -> the largest sum of marginal coverages of `freeSlots` people the caps allow
 *   best(header) -> the listed person of highest marginal coverage whose community has room, or -1
 */
export const HEADER = {
  pool: 0,
  setOffsets: 1,
  nodeOffsets: 2,
  nodeSets: 3,
  coverage: 4,
  bucketHead: 5,
  next: 6,
  prev: 7,
  filedAt: 8,
  coveredSet: 9,
  eligible: 10,
  isMust: 11,
  community: 12,
  chosenIn: 13,
  boundAllowance: 14,
  boundUsed: 15,
  /** 1 when a per-community cap applies. */
  capped: 16,
  capPerCommunity: 17,
  communityCount: 18,
  freeSlots: 19,
  /** The highest bucket that may hold someone. */
  top: 20,
} as const;
export const HEADER_FIELDS = 21;

type Field = keyof typeof HEADER;
const FUNCTION = { link: 0, unlink: 1 };

/** Pushes header field `field` (header address in local `h`). */
const field = (h: number, name: Field) => [...op.get(h), ...op.loadI32(HEADER[name] * 4)];
/** Pushes array[index] of the i32 array whose address is header field `name`. */
const item = (h: number, name: Field, index: number[]) => [
  ...field(h, name),
  ...index,
  ...op.i32(2),
  ...op.i32Shl,
  ...op.i32Add,
  ...op.loadI32(),
];
/** array[index] = value for an i32 array field. */
const setItem = (h: number, name: Field, index: number[], value: number[]) => [
  ...field(h, name),
  ...index,
  ...op.i32(2),
  ...op.i32Shl,
  ...op.i32Add,
  ...value,
  ...op.storeI32(),
];
const byte = (h: number, name: Field, index: number[]) => [...field(h, name), ...index, ...op.i32Add, ...op.loadU8()];
const get = op.get;
const fn = (name: string, params: number, results: number[], locals: number, body: number[]): WasmFunction => ({
  name,
  params: Array<number>(params).fill(I32),
  results,
  locals: locals > 0 ? [[locals, I32]] : [],
  body,
});

/** link(h, v, c): v at the head of bucket c. */
function link() {
  const [h, v, c, head] = [0, 1, 2, 3];
  return fn('link', 3, [], 1, [
    ...item(h, 'bucketHead', get(c)),
    ...op.set(head),
    ...setItem(h, 'next', get(v), get(head)),
    ...setItem(h, 'prev', get(v), op.i32(-1)),
    ...get(head),
    ...op.i32(0),
    ...op.i32GeS,
    ...op.if,
    ...setItem(h, 'prev', get(head), get(v)),
    ...op.end,
    ...setItem(h, 'bucketHead', get(c), get(v)),
    ...setItem(h, 'filedAt', get(v), get(c)),
  ]);
}

/** unlink(h, v): v out of its bucket's list. */
function unlink() {
  const [h, v, before, after] = [0, 1, 2, 3];
  return fn('unlink', 2, [], 2, [
    ...item(h, 'prev', get(v)),
    ...op.set(before),
    ...item(h, 'next', get(v)),
    ...op.set(after),
    ...get(before),
    ...op.i32(0),
    ...op.i32GeS,
    ...op.if,
    ...setItem(h, 'next', get(before), get(after)),
    ...op.else,
    ...setItem(h, 'bucketHead', item(h, 'filedAt', get(v)), get(after)),
    ...op.end,
    ...get(after),
    ...op.i32(0),
    ...op.i32GeS,
    ...op.if,
    ...setItem(h, 'prev', get(after), get(before)),
    ...op.end,
    ...setItem(h, 'filedAt', get(v), op.i32(-1)),
  ]);
}

/** init(h, n): coverage[v] = v's number of sets, empty buckets, then eligible people not yet chosen filed in order. */
function init() {
  const [h, n, v, c, max, limit] = [0, 1, 2, 3, 4, 5];
  return fn('init', 2, [I32], 4, [
    ...op.i32(0),
    ...op.set(v),
    ...countedLoop(v, n, [
      ...item(h, 'nodeOffsets', [...get(v), ...op.i32(1), ...op.i32Add]),
      ...item(h, 'nodeOffsets', get(v)),
      ...op.i32Sub,
      ...op.set(c),
      ...setItem(h, 'coverage', get(v), get(c)),
      ...setItem(h, 'filedAt', get(v), op.i32(-1)),
      ...get(c),
      ...get(max),
      ...op.i32GtS,
      ...op.if,
      ...get(c),
      ...op.set(max),
      ...op.end,
    ]),
    ...op.i32(0),
    ...op.set(c),
    ...get(max),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(limit),
    ...countedLoop(c, limit, setItem(h, 'bucketHead', get(c), op.i32(-1))),
    ...op.i32(0),
    ...op.set(v),
    ...countedLoop(v, n, [
      ...byte(h, 'eligible', get(v)),
      ...byte(h, 'isMust', get(v)),
      ...op.i32Eqz,
      ...op.i32And,
      ...op.if,
      ...get(h),
      ...get(v),
      ...item(h, 'coverage', get(v)),
      ...op.call(FUNCTION.link),
      ...op.end,
    ]),
    ...get(h),
    ...get(max),
    ...op.storeI32(HEADER.top * 4),
    ...get(max),
  ]);
}

/** take(h, v): v chosen; each of v's sets not yet covered is covered, and its members' coverage lowered. */
function take() {
  const [h, v, i, end, s, j, setEnd, gained, at] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  return fn('take', 2, [I32], 7, [
    ...item(h, 'filedAt', get(v)),
    ...op.i32(0),
    ...op.i32GeS,
    ...op.if,
    ...get(h),
    ...get(v),
    ...op.call(FUNCTION.unlink),
    ...op.end,
    ...item(h, 'nodeOffsets', get(v)),
    ...op.set(i),
    ...item(h, 'nodeOffsets', [...get(v), ...op.i32(1), ...op.i32Add]),
    ...op.set(end),
    ...countedLoop(i, end, [
      ...item(h, 'nodeSets', get(i)),
      ...op.set(s),
      // at = &coveredSet[s]
      ...field(h, 'coveredSet'),
      ...get(s),
      ...op.i32Add,
      ...op.tee(at),
      ...op.loadU8(),
      ...op.i32Eqz,
      ...op.if,
      ...get(at),
      ...op.i32(1),
      ...op.storeI8(),
      ...addTo(gained, 1),
      ...item(h, 'setOffsets', get(s)),
      ...op.set(j),
      ...item(h, 'setOffsets', [...get(s), ...op.i32(1), ...op.i32Add]),
      ...op.set(setEnd),
      ...countedLoop(j, setEnd, [
        // coverage[pool[j]]--
        ...field(h, 'coverage'),
        ...item(h, 'pool', get(j)),
        ...op.i32(2),
        ...op.i32Shl,
        ...op.i32Add,
        ...op.tee(at),
        ...get(at),
        ...op.loadI32(),
        ...op.i32(1),
        ...op.i32Sub,
        ...op.storeI32(),
      ]),
      ...op.end,
    ]),
    ...get(gained),
  ]);
}

/**
 * The scan both searches share: listed people by true marginal coverage, highest first, down to coverage `lowest`,
 * stale ones refiled on the way. `visit` runs with v and c set; it may return from the function, otherwise the scan
 * goes on. Locals: h 0, then v, c, after, cv at the given numbers.
 */
function scan(L: { v: number; c: number; after: number; cv: number }, lowest: number, visit: number[]): number[] {
  const h = 0;
  return [
    // while (top > 0 && bucketHead[top] < 0) top--
    ...field(h, 'top'),
    ...op.set(L.c),
    ...op.block,
    ...op.loop,
    ...get(L.c),
    ...op.i32(0),
    ...op.i32GtS,
    ...item(h, 'bucketHead', get(L.c)),
    ...op.i32(0),
    ...op.i32LtS,
    ...op.i32And,
    ...op.i32Eqz,
    ...op.brIf(1),
    ...addTo(L.c, -1),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...get(h),
    ...get(L.c),
    ...op.storeI32(HEADER.top * 4),
    ...op.block,
    ...op.loop,
    ...get(L.c),
    ...op.i32(lowest),
    ...op.i32LtS,
    ...op.brIf(1),
    ...item(h, 'bucketHead', get(L.c)),
    ...op.set(L.v),
    ...op.block,
    ...op.loop,
    ...get(L.v),
    ...op.i32(0),
    ...op.i32LtS,
    ...op.brIf(1),
    ...item(h, 'next', get(L.v)),
    ...op.set(L.after),
    ...item(h, 'coverage', get(L.v)),
    ...op.tee(L.cv),
    ...get(L.c),
    ...op.i32LtS,
    ...op.if,
    ...get(h),
    ...get(L.v),
    ...op.call(FUNCTION.unlink),
    ...get(h),
    ...get(L.v),
    ...get(L.cv),
    ...op.call(FUNCTION.link),
    ...op.else,
    ...visit,
    ...op.end,
    ...get(L.after),
    ...op.set(L.v),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...addTo(L.c, -1),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/** completion(h): the best `freeSlots` marginal coverages added up, at most boundAllowance[g] from community g. */
function completion() {
  const h = 0;
  const L = { v: 1, c: 2, after: 3, cv: 4 };
  const [sum, taken, g, skip, i] = [5, 6, 7, 8, 9];
  const visit = [
    ...op.i32(0),
    ...op.set(skip),
    ...field(h, 'capped'),
    ...op.if,
    ...item(h, 'community', get(L.v)),
    ...op.tee(g),
    ...op.i32(0),
    ...op.i32GeS,
    ...op.if,
    ...item(h, 'boundUsed', get(g)),
    ...item(h, 'boundAllowance', get(g)),
    ...op.i32GeS,
    ...op.if,
    ...op.i32(1),
    ...op.set(skip),
    ...op.else,
    ...setItem(h, 'boundUsed', get(g), [...item(h, 'boundUsed', get(g)), ...op.i32(1), ...op.i32Add]),
    ...op.end,
    ...op.end,
    ...op.end,
    ...get(skip),
    ...op.i32Eqz,
    ...op.if,
    ...get(sum),
    ...get(L.c),
    ...op.i32Add,
    ...op.set(sum),
    ...get(taken),
    ...op.i32(1),
    ...op.i32Add,
    ...op.tee(taken),
    ...field(h, 'freeSlots'),
    ...op.i32GeS,
    ...op.if,
    ...get(sum),
    ...op.return,
    ...op.end,
    ...op.end,
  ];
  return fn('completion', 1, [I32], 9, [
    ...field(h, 'freeSlots'),
    ...op.i32(0),
    ...op.i32GtS,
    ...op.i32Eqz,
    ...op.if,
    ...op.i32(0),
    ...op.return,
    ...op.end,
    ...field(h, 'capped'),
    ...op.if,
    ...field(h, 'communityCount'),
    ...op.set(L.cv),
    ...op.i32(0),
    ...op.set(i),
    ...countedLoop(i, L.cv, setItem(h, 'boundUsed', get(i), op.i32(0))),
    ...op.end,
    ...scan(L, 1, visit),
    ...get(sum),
  ]);
}

/** best(h): the first listed person, by marginal coverage, whose community is under its cap; -1 when none is. */
function best() {
  const h = 0;
  const L = { v: 1, c: 2, after: 3, cv: 4 };
  const g = 5;
  const visit = [
    ...op.i32(-1),
    ...op.set(g),
    ...field(h, 'capped'),
    ...op.if,
    ...item(h, 'community', get(L.v)),
    ...op.set(g),
    ...op.end,
    // Full when g >= 0 and chosenIn[g] >= cap; otherwise v is the one.
    ...get(g),
    ...op.i32(0),
    ...op.i32GeS,
    ...op.if,
    ...item(h, 'chosenIn', get(g)),
    ...field(h, 'capPerCommunity'),
    ...op.i32GeS,
    ...op.i32Eqz,
    ...op.if,
    ...get(L.v),
    ...op.return,
    ...op.end,
    ...op.else,
    ...get(L.v),
    ...op.return,
    ...op.end,
  ];
  return fn('best', 1, [I32], 5, [...scan(L, 0, visit), ...op.i32(-1)]);
}

export type InitKernel = (header: number, n: number) => number;
export type TakeKernel = (header: number, v: number) => number;
export type SearchKernel = (header: number) => number;

/** The module's bytes, from the source above (link and unlink first: the others call them by position). */
export const writeGreedyKernels = () => wasmModule([link(), unlink(), init(), take(), completion(), best()]);

/** The kernels instantiated on a memory (compiled once per thread: wasm/modules.ts). */
export function greedyKernels(memory: WebAssembly.Memory): {
  init: InitKernel;
  take: TakeKernel;
  completion: SearchKernel;
  best: SearchKernel;
} {
  const { exports } = new WebAssembly.Instance(compiledModule('greedy', writeGreedyKernels), { env: { memory } });
  return {
    init: exports.init as InitKernel,
    take: exports.take as TakeKernel,
    completion: exports.completion as SearchKernel,
    best: exports.best as SearchKernel,
  };
}
