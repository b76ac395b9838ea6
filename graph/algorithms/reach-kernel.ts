import { I32, countedLoop, elementAddress, elementAddressFromStack, op, wasmModule } from '../wasm/assembler.ts';
import { compiledModule } from '../wasm/modules.ts';

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
  // count += stamp[person] != ticket; stamp[person] = ticket (person on the stack).
  const stampPerson = [
    ...elementAddressFromStack(P.stamp, 2),
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
  // first, last = the range of person's edges in targets (offsets[person], offsets[person + 1]).
  const edgeRange = (person: number, first: number, last: number) => [
    ...elementAddress(P.offsets, person, 2),
    ...op.tee(L.at),
    ...op.loadI32(0),
    ...op.set(first),
    ...op.get(L.at),
    ...op.loadI32(4),
    ...op.set(last),
  ];
  const body = [
    ...elementAddress(P.stamp, P.u, 2),
    ...op.get(P.ticket),
    ...op.storeI32(),
    ...edgeRange(P.u, L.e, L.end),
    ...countedLoop(L.e, L.end, [
      // v = targets[e]: stamp v, then walk v's audience.
      ...elementAddress(P.targets, L.e, 2),
      ...op.loadI32(),
      ...op.tee(L.f),
      ...stampPerson,
      ...edgeRange(L.f, L.f, L.fEnd),
      ...countedLoop(L.f, L.fEnd, [...elementAddress(P.targets, L.f, 2), ...op.loadI32(), ...stampPerson]),
    ]),
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
  // target[i .. i + 15] = max(target[i .. i + 15], source[i .. i + 15]), byte-wise.
  const body = countedLoop(
    i,
    bytes,
    [
      ...elementAddress(target, i, 0),
      ...elementAddress(target, i, 0),
      ...op.loadV128(),
      ...elementAddress(source, i, 0),
      ...op.loadV128(),
      ...op.i8x16MaxU,
      ...op.storeV128(),
    ],
    16,
  );
  return { name: 'merge', params: [I32, I32, I32], results: [], locals: [[1, I32]] as Array<[number, number]>, body };
}

/** The module's bytes, from the source above. */
export const writeReachKernels = () => wasmModule([twoHop(), merge()]);

export type TwoHop = (offsets: number, targets: number, stamp: number, u: number, ticket: number) => number;
export type Merge = (target: number, source: number, bytes: number) => void;

/** The kernels instantiated on a memory (compiled once per thread: wasm/modules.ts). */
export function reachKernels(memory: WebAssembly.Memory): { twoHop: TwoHop; merge: Merge } {
  const { exports } = new WebAssembly.Instance(compiledModule('reach', writeReachKernels), { env: { memory } });
  return { twoHop: exports.twoHop as TwoHop, merge: exports.merge as Merge };
}
