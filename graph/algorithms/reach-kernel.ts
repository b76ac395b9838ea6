import { I32, op, wasmModule } from '../wasm/assembler.ts';

/**
 * The exact two-hop count of one person in WebAssembly (see wasm/assembler.ts for why): every path u -> v -> w is
 * walked, each person met is stamped with the walk's ticket and counted the first time, branch-free (whether a person
 * is new is unpredictable, so the stamp is stored unconditionally and the comparison added). On epinions that is 40
 * million stamps, the bulk of two-hop reach.
 *
 *   twoHop(offsets, targets, stamp, u, ticket) -> distinct people within two hops of u, u excluded
 *
 * And the union of two HyperLogLog sketches, the register-wise maximum, sixteen registers at a time (SIMD):
 *
 *   merge(target, source, bytes)   bytes a multiple of 16
 */
const P = { offsets: 0, targets: 1, stamp: 2, u: 3, ticket: 4 };
const L = { e: 5, end: 6, f: 7, fEnd: 8, count: 9, at: 10 };

function twoHop() {
  const address = (base: number, index: number[]) => [
    ...op.get(base),
    ...index,
    ...op.i32(2),
    ...op.i32Shl,
    ...op.i32Add,
  ];
  // count += stamp[person] != ticket; stamp[person] = ticket (person's stamp address on the stack).
  const stampIt = [
    ...op.tee(L.at),
    ...op.loadI32(),
    ...op.get(P.ticket),
    ...op.i32Ne,
    ...op.get(L.count),
    ...op.i32Add,
    ...op.set(L.count),
    ...op.get(L.at),
    ...op.get(P.ticket),
    ...op.storeI32(),
  ];
  const body = [
    ...address(P.stamp, op.get(P.u)),
    ...op.get(P.ticket),
    ...op.storeI32(),
    ...address(P.offsets, op.get(P.u)),
    ...op.tee(L.at),
    ...op.loadI32(0),
    ...op.set(L.e),
    ...op.get(L.at),
    ...op.loadI32(4),
    ...op.set(L.end),
    ...op.block,
    ...op.loop,
    ...op.get(L.e),
    ...op.get(L.end),
    ...op.i32GeS,
    ...op.brIf(1),
    // v = targets[e]: stamp v, then walk v's audience.
    ...address(P.targets, op.get(L.e)),
    ...op.loadI32(),
    ...op.tee(L.f),
    ...op.i32(2),
    ...op.i32Shl,
    ...op.get(P.stamp),
    ...op.i32Add,
    ...stampIt,
    ...address(P.offsets, op.get(L.f)),
    ...op.tee(L.at),
    ...op.loadI32(0),
    ...op.set(L.f),
    ...op.get(L.at),
    ...op.loadI32(4),
    ...op.set(L.fEnd),
    ...op.block,
    ...op.loop,
    ...op.get(L.f),
    ...op.get(L.fEnd),
    ...op.i32GeS,
    ...op.brIf(1),
    ...address(P.targets, op.get(L.f)),
    ...op.loadI32(),
    ...op.i32(2),
    ...op.i32Shl,
    ...op.get(P.stamp),
    ...op.i32Add,
    ...stampIt,
    ...op.get(L.f),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(L.f),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(L.e),
    ...op.i32(1),
    ...op.i32Add,
    ...op.set(L.e),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(L.count),
  ];
  return {
    name: 'twoHop',
    params: [I32, I32, I32, I32, I32],
    results: [I32],
    locals: [[6, I32]] as Array<[number, number]>,
    body,
  };
}

function merge() {
  const [target, source, bytes, i] = [0, 1, 2, 3];
  const body = [
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(bytes),
    ...op.i32GeS,
    ...op.brIf(1),
    ...op.get(target),
    ...op.get(i),
    ...op.i32Add,
    ...op.get(target),
    ...op.get(i),
    ...op.i32Add,
    ...op.loadV128(),
    ...op.get(source),
    ...op.get(i),
    ...op.i32Add,
    ...op.loadV128(),
    ...op.i8x16MaxU,
    ...op.storeV128(),
    ...op.get(i),
    ...op.i32(16),
    ...op.i32Add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  return { name: 'merge', params: [I32, I32, I32], results: [], locals: [[1, I32]] as Array<[number, number]>, body };
}

let compiled: WebAssembly.Module | null = null;

export type TwoHop = (offsets: number, targets: number, stamp: number, u: number, ticket: number) => number;
export type Merge = (target: number, source: number, bytes: number) => void;

/** The kernels instantiated on a memory (compiled once per thread). */
export function reachKernels(memory: WebAssembly.Memory): { twoHop: TwoHop; merge: Merge } {
  compiled ??= new WebAssembly.Module(wasmModule([twoHop(), merge()]));
  const { exports } = new WebAssembly.Instance(compiled, { env: { memory } });
  return { twoHop: exports.twoHop as TwoHop, merge: exports.merge as Merge };
}
