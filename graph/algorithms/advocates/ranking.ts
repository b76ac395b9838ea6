import type { RRSets } from '../diffusion/rr-sets.ts';
import type { CoverageIndex } from './coverage-index.ts';

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
export function rankSelection(
  rr: RRSets,
  seeds: Int32Array,
  mustInclude: number,
  index: CoverageIndex,
): RankedSelection {
  const k = seeds.length;
  // Every (set, seed in it) pair, in set order (a pass over the whole collection, in WebAssembly: it runs once per
  // command, before V8 would have optimised it as JavaScript). What follows touches the pairs only: sets holding no
  // seed play no part.
  const { pairSet, pairSeed } = index.seedPairs(rr, seeds);
  const pairs = pairSet.length;
  // A set's pairs are consecutive: setFirst[p] is the first of pair p's set, which stands for the set below.
  const setFirst = new Int32Array(pairs);
  for (let p = 1; p < pairs; p++) setFirst[p] = pairSet[p] === pairSet[p - 1] ? setFirst[p - 1] : p;
  // The pairs by seed (a counting sort): seed i's are pairsOf[pairsStart[i] .. pairsStart[i + 1]).
  const gain = new Int32Array(k);
  for (let p = 0; p < pairs; p++) gain[pairSeed[p]]++;
  const pairsStart = new Int32Array(k + 1);
  for (let i = 0; i < k; i++) pairsStart[i + 1] = pairsStart[i] + gain[i];
  const cursor = pairsStart.slice(0, k);
  const pairsOf = new Int32Array(pairs);
  for (let p = 0; p < pairs; p++) pairsOf[cursor[pairSeed[p]]++] = p;

  const covered = new Uint8Array(pairs);
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
    for (let q = pairsStart[best]; q < pairsStart[best + 1]; q++) {
      const first = setFirst[pairsOf[q]];
      if (covered[first] === 1) continue;
      covered[first] = 1;
      for (let p = first; p < pairs && pairSet[p] === pairSet[first]; p++)
        if (pairSeed[p] !== best) gain[pairSeed[p]]--;
    }
  }
  return { order, gains };
}
