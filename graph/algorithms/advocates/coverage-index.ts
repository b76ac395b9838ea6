import type { RRSets } from '../diffusion/rr-sets.ts';
import { growTo, placeArrays, sharedMemory } from '../../wasm/memory.ts';
import { coverageKernels } from './coverage-kernel.ts';

const TOO_LARGE =
  'advocates: the RR sets outgrow the 4 GiB of memory that holds them (under these probabilities each one reaches ' +
  'much of the network): ask for less accuracy (a larger epsilon) or use lower probabilities';

/**
 * The inverted index of a collection of RR sets: for each person, the sets that contain them, built by a counting sort
 * of the pool (two passes, no comparisons) in WebAssembly (coverage-kernel.ts). The collection is copied into the
 * index's memory first (a copy costs a small fraction of the sort); the memory grows with the collection between
 * rounds and is reused. `offsets` and `sets` are views of it, renewed by each rebuild.
 */
export class CoverageIndex {
  /** Person v's sets are sets[offsets[v] .. offsets[v + 1]). */
  offsets: Int32Array;
  sets: Int32Array;
  /** The memory holding the collection indexed and the index, where greedyMaxCoverage works too. */
  readonly memory = sharedMemory(0, TOO_LARGE);
  /** Byte addresses of the collection (its pool and set offsets) and of the index, set by rebuild. */
  at = { nodeOffsets: 0, pool: 0, setOffsets: 0, nodeSets: 0 };
  private readonly kernels = coverageKernels(this.memory);

  constructor(private readonly nodeCount: number) {
    this.offsets = new Int32Array(nodeCount + 1);
    this.sets = new Int32Array(0);
  }

  rebuild(rr: RRSets): void {
    const n = this.nodeCount;
    const at = this.place({
      nodeOffsets: (n + 1) * 4,
      pool: rr.size * 4,
      setOffsets: (rr.count + 1) * 4,
      nodeSets: rr.size * 4,
    });
    const { nodeOffsets, pool, setOffsets, nodeSets } = at;
    this.at = at;
    this.copy(rr, pool, setOffsets);
    this.kernels.index(n, pool, rr.size, setOffsets, rr.count, nodeOffsets, nodeSets);
    this.offsets = new Int32Array(this.memory.buffer, nodeOffsets, n + 1);
    this.sets = new Int32Array(this.memory.buffer, nodeSets, rr.size);
  }

  /**
   * Number of sets of `rr` (another collection) with a person marked 1 in `marked`. Uses the memory past the index
   * as scratch: call it after rebuild, and before the next.
   */
  covered(rr: RRSets, marked: Uint8Array): number {
    const { pool, setOffsets, flags } = this.scratch({
      pool: rr.size * 4,
      setOffsets: (rr.count + 1) * 4,
      flags: marked.length,
    });
    this.copy(rr, pool, setOffsets);
    new Uint8Array(this.memory.buffer, flags, marked.length).set(marked);
    return this.kernels.covered(pool, setOffsets, rr.count, flags);
  }

  /**
   * Every (set, seed in it) pair of `rr` (another collection) in set order, each once: pair p is set pairSet[p]
   * holding seeds[pairSeed[p]]. Uses the memory past the index as scratch, like `covered`; the arrays returned are the
   * caller's.
   */
  seedPairs(rr: RRSets, seeds: Int32Array): { pairSet: Int32Array; pairSeed: Int32Array } {
    const n = this.nodeCount;
    const most = Math.max(1, rr.size);
    const at = this.scratch({
      pool: rr.size * 4,
      setOffsets: (rr.count + 1) * 4,
      seedOf: n * 4,
      pairSet: most * 4,
      pairSeed: most * 4,
    });
    this.copy(rr, at.pool, at.setOffsets);
    // Each person's seed number, -1 for the people not chosen, written where the kernel reads it.
    const seedOf = new Int32Array(this.memory.buffer, at.seedOf, n).fill(-1);
    seeds.forEach((v, i) => (seedOf[v] = i));
    const pairs = this.kernels.seedPairs(at.pool, at.setOffsets, rr.count, at.seedOf, at.pairSet, at.pairSeed);
    return {
      pairSet: new Int32Array(this.memory.buffer, at.pairSet, pairs).slice(),
      pairSeed: new Int32Array(this.memory.buffer, at.pairSeed, pairs).slice(),
    };
  }

  degree(v: number): number {
    return this.offsets[v + 1] - this.offsets[v];
  }

  byteSize(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * Addresses of consecutive arrays of these byte sizes in the memory past the index, grown to hold them: scratch
   * space, valid until the next call or rebuild.
   */
  scratch<K extends string>(sizes: Record<K, number>): Record<K, number> {
    return this.place(sizes, this.sets.byteOffset + this.sets.byteLength);
  }

  /** Addresses of consecutive arrays of these byte sizes from `base`, growing the memory to hold them. */
  private place<K extends string>(sizes: Record<K, number>, base = 0): Record<K, number> {
    const { at, end } = placeArrays(sizes, base);
    growTo(this.memory, end, TOO_LARGE);
    return at;
  }

  private copy(rr: RRSets, pool: number, setOffsets: number): void {
    new Int32Array(this.memory.buffer, pool, rr.size).set(rr.pool.subarray(0, rr.size));
    new Int32Array(this.memory.buffer, setOffsets, rr.count + 1).set(rr.offsets.subarray(0, rr.count + 1));
  }
}
