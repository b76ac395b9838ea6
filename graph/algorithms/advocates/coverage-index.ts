import type { RRSets } from '../diffusion/rr-sets.ts';
import { coverageKernels } from './coverage-kernel.ts';

const PAGE = 65536;
/** Most pages a WebAssembly memory may have (4 GiB); a shared memory reserves its maximum up front and never moves. */
const MAX_PAGES = 65536;
const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

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
  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  /** Byte addresses of the collection (its pool and set offsets) and of the index, set by rebuild. */
  at = { nodeOffsets: 0, pool: 0, setOffsets: 0, nodeSets: 0 };
  private readonly kernels = coverageKernels(this.memory);

  constructor(private readonly nodeCount: number) {
    this.offsets = new Int32Array(nodeCount + 1);
    this.sets = new Int32Array(0);
  }

  rebuild(rr: RRSets): void {
    const n = this.nodeCount;
    const [nodeOffsets, pool, setOffsets, nodeSets] = this.place([
      (n + 1) * 4,
      rr.size * 4,
      (rr.count + 1) * 4,
      rr.size * 4,
    ]);
    this.at = { nodeOffsets, pool, setOffsets, nodeSets };
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
    const [pool, setOffsets, flags] = this.scratch([rr.size * 4, (rr.count + 1) * 4, marked.length]);
    this.copy(rr, pool, setOffsets);
    new Uint8Array(this.memory.buffer, flags, marked.length).set(marked);
    return this.kernels.covered(pool, setOffsets, rr.count, flags);
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
  scratch(sizes: number[]): number[] {
    return this.place(sizes, this.sets.byteOffset + align8(this.sets.byteLength));
  }

  /** Addresses of consecutive arrays of these byte sizes from `base`, growing the memory to hold them. */
  private place(sizes: number[], base = 0): number[] {
    const addresses: number[] = [];
    let end = base;
    for (const bytes of sizes) {
      addresses.push(end);
      end += align8(bytes);
    }
    if (end > MAX_PAGES * PAGE)
      throw new RangeError('RR sets exceed the 4 GiB of a WebAssembly memory; lower the accuracy asked for');
    const pages = Math.ceil(end / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (pages > 0) this.memory.grow(pages);
    return addresses;
  }

  private copy(rr: RRSets, pool: number, setOffsets: number): void {
    new Int32Array(this.memory.buffer, pool, rr.size).set(rr.pool.subarray(0, rr.size));
    new Int32Array(this.memory.buffer, setOffsets, rr.count + 1).set(rr.offsets.subarray(0, rr.count + 1));
  }
}
