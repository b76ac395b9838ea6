import type { RRSets } from '../diffusion/rr-sets.ts';

/**
 * The inverted index of a collection of RR sets: for each person, the sets that contain them, built by a counting sort
 * of the pool (two passes, no comparisons). Its buffers are reused when the collection grows between rounds.
 */
export class CoverageIndex {
  /** Person v's sets are sets[offsets[v] .. offsets[v + 1]). */
  offsets: Int32Array;
  sets: Int32Array;

  constructor(private readonly nodeCount: number) {
    this.offsets = new Int32Array(nodeCount + 1);
    this.sets = new Int32Array(16);
  }

  rebuild(rr: RRSets): void {
    const n = this.nodeCount;
    const { pool, offsets: setOffsets, count, size } = rr;
    const offsets = this.offsets;
    offsets.fill(0);
    for (let i = 0; i < size; i++) offsets[pool[i] + 1]++;
    for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    if (this.sets.length < size) this.sets = new Int32Array(Math.max(size, this.sets.length * 2));
    const sets = this.sets;
    // Fill from a running cursor per person: cursor[v] starts at offsets[v] and is kept in offsets shifted by one.
    for (let s = 0; s < count; s++) {
      for (let i = setOffsets[s], end = setOffsets[s + 1]; i < end; i++) sets[offsets[pool[i]]++] = s;
    }
    // offsets[v] now holds the end of v's range, which is the start of v + 1's: shift back.
    for (let v = n; v > 0; v--) offsets[v] = offsets[v - 1];
    offsets[0] = 0;
  }

  degree(v: number): number {
    return this.offsets[v + 1] - this.offsets[v];
  }

  byteSize(): number {
    return this.offsets.byteLength + this.sets.byteLength;
  }
}
