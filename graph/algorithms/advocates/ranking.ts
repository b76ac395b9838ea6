import { Growable } from '../../growable.ts';
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
  const { pool, offsets, count } = rr;
  // Every (set, seed in it) pair, in set order: the seeds set s holds are pairSeed[pairStart[s] .. pairStart[s + 1]),
  // each once even if the set lists it twice.
  const pairStart = new Int32Array(count + 1);
  const listed = new Growable(Int32Array);
  for (let s = 0; s < count; s++) {
    for (let j = offsets[s], end = offsets[s + 1]; j < end; j++) {
      const i = position[pool[j]];
      if (i >= 0 && !listedSince(listed, pairStart[s], i)) listed.push(i);
    }
    pairStart[s + 1] = listed.length;
  }
  const pairs = listed.length;
  const pairSeed = listed.toArray();
  // The same pairs by seed (a counting sort): seed i's sets are setsOf[setsStart[i] .. setsStart[i + 1]).
  const gain = new Int32Array(k);
  for (let p = 0; p < pairs; p++) gain[pairSeed[p]]++;
  const setsStart = new Int32Array(k + 1);
  for (let i = 0; i < k; i++) setsStart[i + 1] = setsStart[i] + gain[i];
  const cursor = setsStart.slice(0, k);
  const setsOf = new Int32Array(pairs);
  for (let s = 0; s < count; s++) {
    for (let p = pairStart[s]; p < pairStart[s + 1]; p++) setsOf[cursor[pairSeed[p]]++] = s;
  }

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
    for (let q = setsStart[best]; q < setsStart[best + 1]; q++) {
      const s = setsOf[q];
      if (covered[s] === 1) continue;
      covered[s] = 1;
      for (let p = pairStart[s]; p < pairStart[s + 1]; p++) if (pairSeed[p] !== best) gain[pairSeed[p]]--;
    }
  }
  return { order, gains };
}

/** Whether `value` is in `list` from position `from` on. */
function listedSince(list: Growable<Int32Array>, from: number, value: number): boolean {
  for (let p = from; p < list.length; p++) if (list.get(p) === value) return true;
  return false;
}
