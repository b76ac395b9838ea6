import {
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
 * The passes over RR sets that advocate selection makes once per round, in WebAssembly: like the sampler
 * (diffusion/rr-kernel.ts), they run once per command, before V8 would have optimised them as JavaScript (a first
 * selection built its inverted index 5 to 8 times slower than later ones).
 *
 *   index(n, pool, size, setOffsets, count, nodeOffsets, nodeSets)
 *       the inverted index of `count` sets (members pool[setOffsets[s] .. setOffsets[s + 1]), `size` in all): person
 *       v's sets in nodeSets[nodeOffsets[v] .. nodeOffsets[v + 1]), in increasing order, by a counting sort
 *   covered(pool, setOffsets, count, marked) -> number of sets with a member whose byte in `marked` is 1
 *   seedPairs(pool, setOffsets, count, seedOf, pairSet, pairSeed) -> pairs
 *       every (set, seed in it) pair in set order, each once even if a set lists the seed twice: pair p is set
 *       pairSet[p] holding seed number pairSeed[p], where seedOf[v] is person v's seed number, or -1 for a person not
 *       chosen
 */
/**
 * For each set s below `count`, `body` once per member position i in setOffsets[s] .. setOffsets[s + 1] (`end` holds
 * the set's end; `at` is scratch). Setting i to end in `body` ends the set's turn.
 */
function forEachMember(
  L: { setOffsets: number; count: number; s: number; i: number; end: number; at: number },
  body: number[],
): number[] {
  return [
    ...op.i32(0),
    ...op.set(L.s),
    ...countedLoop(L.s, L.count, [
      ...elementAddress(L.setOffsets, L.s, 2),
      ...op.tee(L.at),
      ...op.loadI32(4),
      ...op.set(L.end),
      ...op.get(L.at),
      ...op.loadI32(),
      ...op.set(L.i),
      ...countedLoop(L.i, L.end, body),
    ]),
  ];
}

function index() {
  const [n, pool, size, setOffsets, count, nodeOffsets, nodeSets] = [0, 1, 2, 3, 4, 5, 6];
  const [i, v, s, end, at] = [7, 8, 9, 10, 11];
  const increment = (address: number[]) => [
    ...address,
    ...op.tee(at),
    ...op.get(at),
    ...op.loadI32(),
    ...op.i32(1),
    ...op.i32Add,
    ...op.storeI32(),
  ];
  const body = [
    // nodeOffsets[0 .. n] = 0
    ...op.i32(0),
    ...op.set(v),
    ...countedLoop(v, n, [...elementAddress(nodeOffsets, v, 2), ...op.i32(0), ...op.storeI32(4)]),
    ...op.get(nodeOffsets),
    ...op.i32(0),
    ...op.storeI32(),
    // Count each person's sets into nodeOffsets[v + 1], then add up: nodeOffsets[v] is where v's sets start.
    ...op.i32(0),
    ...op.set(i),
    ...countedLoop(i, size, [
      ...increment([
        ...elementAddress(pool, i, 2),
        ...op.loadI32(),
        ...op.i32(1),
        ...op.i32Add,
        ...elementAddressFromStack(nodeOffsets, 2),
      ]),
    ]),
    ...op.i32(0),
    ...op.set(v),
    ...countedLoop(v, n, [
      ...elementAddress(nodeOffsets, v, 2),
      ...op.tee(at),
      ...op.get(at),
      ...op.loadI32(4),
      ...op.get(at),
      ...op.loadI32(),
      ...op.i32Add,
      ...op.storeI32(4),
    ]),
    // File each set under its members, nodeOffsets[v] serving as v's cursor: it ends where v + 1's sets start.
    ...forEachMember({ setOffsets, count, s, i, end, at }, [
      // nodeSets[nodeOffsets[pool[i]]++] = s
      ...elementAddress(pool, i, 2),
      ...op.loadI32(),
      ...elementAddressFromStack(nodeOffsets, 2),
      ...op.tee(at),
      ...op.loadI32(),
      ...elementAddressFromStack(nodeSets, 2),
      ...op.get(s),
      ...op.storeI32(),
      ...increment(op.get(at)),
    ]),
    // Shift the cursors back by one person: nodeOffsets[v + 1] = nodeOffsets[v] for v from n - 1 down, then
    // nodeOffsets[0] = 0.
    ...op.get(n),
    ...op.set(v),
    ...op.block,
    ...op.loop,
    ...op.get(v),
    ...op.i32Eqz,
    ...op.brIf(1),
    ...op.get(v),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.set(v),
    ...elementAddress(nodeOffsets, v, 2),
    ...op.tee(at),
    ...op.get(at),
    ...op.loadI32(),
    ...op.storeI32(4),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(nodeOffsets),
    ...op.i32(0),
    ...op.storeI32(),
  ];
  return {
    name: 'index',
    params: Array<number>(7).fill(I32),
    results: [],
    locals: [[5, I32]] as Array<[number, number]>,
    body,
  };
}

function covered() {
  const [pool, setOffsets, count, marked] = [0, 1, 2, 3];
  const [s, i, end, at, total] = [4, 5, 6, 7, 8];
  const body = [
    // The first marked member counts the set and ends its scan.
    ...forEachMember({ setOffsets, count, s, i, end, at }, [
      ...elementAddress(pool, i, 2),
      ...op.loadI32(),
      ...op.get(marked),
      ...op.i32Add,
      ...op.loadU8(),
      ...op.if,
      ...addTo(total, 1),
      ...op.get(end),
      ...op.set(i),
      ...op.end,
    ]),
    ...op.get(total),
  ];
  return {
    name: 'covered',
    params: Array<number>(4).fill(I32),
    results: [I32],
    locals: [[5, I32]] as Array<[number, number]>,
    body,
  };
}

function seedPairs() {
  const [pool, setOffsets, count, seedOf, pairSet, pairSeed] = [0, 1, 2, 3, 4, 5];
  const [s, i, end, at, seed, pairs, q] = [6, 7, 8, 9, 10, 11, 12];
  // Whether the set's pairs so far (the last ones written, back to the first of another set) hold `seed` already.
  const listedAlready = [
    ...op.get(pairs),
    ...op.set(q),
    ...op.block,
    ...op.loop,
    ...op.get(q),
    ...op.i32Eqz,
    ...op.brIf(1),
    ...op.get(q),
    ...op.i32(1),
    ...op.i32Sub,
    ...op.set(q),
    ...elementAddress(pairSet, q, 2),
    ...op.loadI32(),
    ...op.get(s),
    ...op.i32Ne,
    ...op.brIf(1),
    ...elementAddress(pairSeed, q, 2),
    ...op.loadI32(),
    ...op.get(seed),
    ...op.i32Eq,
    ...op.brIf(1),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
  const body = [
    ...forEachMember({ setOffsets, count, s, i, end, at }, [
      ...elementAddress(pool, i, 2),
      ...op.loadI32(),
      ...elementAddressFromStack(seedOf, 2),
      ...op.loadI32(),
      ...op.tee(seed),
      ...op.i32(0),
      ...op.i32GeS,
      ...op.if,
      // The scan stops at q = 0, at another set's pair, or at this seed's pair: only the last leaves q on a pair of
      // this set holding this seed.
      ...listedAlready,
      ...elementAddress(pairSet, q, 2),
      ...op.loadI32(),
      ...op.get(s),
      ...op.i32Eq,
      ...elementAddress(pairSeed, q, 2),
      ...op.loadI32(),
      ...op.get(seed),
      ...op.i32Eq,
      ...op.i32And,
      ...op.get(q),
      ...op.get(pairs),
      ...op.i32LtS,
      ...op.i32And,
      ...op.i32Eqz,
      ...op.if,
      ...elementAddress(pairSet, pairs, 2),
      ...op.get(s),
      ...op.storeI32(),
      ...elementAddress(pairSeed, pairs, 2),
      ...op.get(seed),
      ...op.storeI32(),
      ...addTo(pairs, 1),
      ...op.end,
      ...op.end,
    ]),
    ...op.get(pairs),
  ];
  return {
    name: 'seedPairs',
    params: Array<number>(6).fill(I32),
    results: [I32],
    locals: [[7, I32]] as Array<[number, number]>,
    body,
  };
}

export type IndexKernel = (
  n: number,
  pool: number,
  size: number,
  setOffsets: number,
  count: number,
  nodeOffsets: number,
  nodeSets: number,
) => void;
export type CoveredKernel = (pool: number, setOffsets: number, count: number, marked: number) => number;
export type SeedPairsKernel = (
  pool: number,
  setOffsets: number,
  count: number,
  seedOf: number,
  pairSet: number,
  pairSeed: number,
) => number;

/** The module's bytes, from the source above. */
export const writeCoverageKernels = () => wasmModule([index(), covered(), seedPairs()]);

/** The kernels instantiated on a memory (compiled once per thread: wasm/modules.ts). */
export function coverageKernels(memory: WebAssembly.Memory): {
  index: IndexKernel;
  covered: CoveredKernel;
  seedPairs: SeedPairsKernel;
} {
  const { exports } = new WebAssembly.Instance(compiledModule('coverage', writeCoverageKernels), { env: { memory } });
  return {
    index: exports.index as IndexKernel,
    covered: exports.covered as CoveredKernel,
    seedPairs: exports.seedPairs as SeedPairsKernel,
  };
}
