import { describe, expect, it } from 'vitest';
import { CoverageIndex } from '../../../graph/algorithms/advocates/coverage-index.ts';
import { rankSelection } from '../../../graph/algorithms/advocates/ranking.ts';
import { collection } from './rr-collection.ts';

describe('ranking the chosen advocates on independent RR sets', () => {
  // Seeds 0, 1, 2 (chosen in that order elsewhere); 9 is not chosen. Worked out by hand:
  // 2 covers 5 sets (s3-s7); 0 covers s0, s1, s2, s3 (s3 shared with 2) and 1 covers s0, s8.
  // Greedy: 2 (5 sets), then 0 adds s0, s1, s2 (3; s3 already covered), then 1 adds s8 (1; s0 already covered).
  const sets = [[0, 1], [0, 9], [0], [0, 2], [2], [2, 9], [2], [2], [1], [9]];

  it('lists them by what each adds to those above, the gains never rising and adding up to the coverage', () => {
    const ranked = rankSelection(collection(sets), Int32Array.from([0, 1, 2]), 0, new CoverageIndex(10));
    expect(Array.from(ranked.order)).toEqual([2, 0, 1]);
    expect(Array.from(ranked.gains)).toEqual([5, 3, 1]);
    // 9 of the 10 sets hold a seed.
    expect(ranked.gains.reduce((a, b) => a + b, 0)).toBe(sets.filter((s) => s.some((v) => v <= 2)).length);
  });

  it('keeps must-include people first, in their order, whatever they add', () => {
    const ranked = rankSelection(collection(sets), Int32Array.from([1, 0, 2]), 1, new CoverageIndex(10));
    expect(Array.from(ranked.order)).toEqual([1, 2, 0]);
    // 1 covers s0, s8; then 2 adds 5; then 0 adds s1, s2 (s0 and s3 covered).
    expect(Array.from(ranked.gains)).toEqual([2, 5, 2]);
  });

  it('counts a seed once in a set that lists it twice', () => {
    const ranked = rankSelection(collection([[3, 3], [3]]), Int32Array.from([3]), 0, new CoverageIndex(4));
    expect(Array.from(ranked.gains)).toEqual([2]);
  });

  it('counts a seed once in a set that lists it twice among other seeds', () => {
    // s0 holds 3, 4, 3: 3 and 4 once each; s1 holds 4. So 4 covers 2 sets and 3 one, already covered by 4.
    const ranked = rankSelection(collection([[3, 4, 3], [4]]), Int32Array.from([3, 4]), 0, new CoverageIndex(5));
    expect(Array.from(ranked.order)).toEqual([4, 3]);
    expect(Array.from(ranked.gains)).toEqual([2, 0]);
  });
});
