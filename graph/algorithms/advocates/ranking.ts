import type { RRSets } from '../diffusion/rr-sets.ts';

export interface RankedSelection {
  /** The chosen people in the order shown: must-include people first, then by what each adds to those above. */
  order: Int32Array;
  /** Sets of the collection each one newly covers, in that order: non-increasing after the must-include people. */
  gains: Int32Array;
}

/**
 * Orders a chosen seed set for reading, and says what each seed adds, on a collection of RR sets independent of the
 * choice (OPIM-C's validation sets R2): the must-include people first, in their order, then repeatedly the seed that
 * covers the most sets not yet covered (ties to the earlier choice). Coverage is submodular, so these gains never rise
 * down the list; they add up to the collection's estimate of the whole selection, which is unbiased because the
 * collection played no part in choosing it.
 *
 * The gains on the sets that chose the seeds would be biased upwards (the greedy picks whoever did best on them), and
 * the seeds' gains on independent sets in the order they were chosen rise and fall with the sampling noise; a marketer
 * reads either as a mistake.
 */
export function rankSelection(rr: RRSets, seeds: Int32Array, mustInclude: number, n: number): RankedSelection {
  const k = seeds.length;
  const position = new Int32Array(n).fill(-1);
  seeds.forEach((v, i) => (position[v] = i));
  // For each seed, the sets that hold it; for each such set, the seeds it holds (both as flat lists).
  const setsOf: number[][] = Array.from({ length: k }, () => []);
  const seedsIn = new Map<number, number[]>();
  const { pool, offsets, count } = rr;
  for (let s = 0; s < count; s++) {
    let held: number[] | undefined;
    for (let j = offsets[s], end = offsets[s + 1]; j < end; j++) {
      const i = position[pool[j]];
      if (i < 0 || held?.includes(i)) continue;
      (held ??= []).push(i);
      setsOf[i].push(s);
    }
    if (held && held.length > 1) seedsIn.set(s, held);
  }
  const gain = Int32Array.from(setsOf, (sets) => sets.length);
  const covered = new Uint8Array(count);
  const taken = new Uint8Array(k);
  const order = new Int32Array(k);
  const gains = new Int32Array(k);
  for (let step = 0; step < k; step++) {
    let best = -1;
    if (step < mustInclude) best = step;
    else for (let i = mustInclude; i < k; i++) if (taken[i] === 0 && (best < 0 || gain[i] > gain[best])) best = i;
    taken[best] = 1;
    order[step] = seeds[best];
    gains[step] = gain[best];
    for (const s of setsOf[best]) {
      if (covered[s] === 1) continue;
      covered[s] = 1;
      for (const other of seedsIn.get(s) ?? []) if (other !== best) gain[other]--;
    }
  }
  return { order, gains };
}
