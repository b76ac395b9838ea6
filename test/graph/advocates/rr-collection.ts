import { RRSets } from '../../../graph/algorithms/diffusion/rr-sets.ts';

/** A collection of RR sets written out by hand, as the selection code reads them. */
export function collection(sets: number[][]): RRSets {
  const rr = new RRSets();
  rr.pool = Int32Array.from(sets.flat());
  rr.size = rr.pool.length;
  rr.offsets = new Int32Array(sets.length + 1);
  sets.forEach((s, i) => (rr.offsets[i + 1] = rr.offsets[i] + s.length));
  rr.count = sets.length;
  return rr;
}
