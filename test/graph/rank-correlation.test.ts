import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, spearman, topOverlap } from '../../graph/algorithms/rank-correlation.ts';
import { loadOracle } from '../oracles.ts';

describe('rank correlation against scipy.stats', () => {
  const cases =
    loadOracle<{ x: number[]; y: number[]; spearman: number; kendall: number }[]>('rank-correlation').values;

  it("Spearman's rho equals scipy.stats.spearmanr, with and without ties", () => {
    for (const c of cases) expect(spearman(c.x, c.y)).toBeCloseTo(c.spearman, 12);
  });

  it("Kendall's tau-b equals scipy.stats.kendalltau, with and without ties", () => {
    for (const c of cases) expect(kendallTauB(c.x, c.y)).toBeCloseTo(c.kendall, 12);
  });
});

describe('rank correlation by hand', () => {
  it('averages the ranks of ties', () => {
    expect(Array.from(averageRanks([10, 20, 10, 30]))).toEqual([1.5, 3, 1.5, 4]);
  });

  it('Kendall: 1 for the same order, -1 reversed, and a counted example', () => {
    expect(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // Pairs of [1,2,3,4] against [1,3,2,4]: five concordant, one discordant (2-3), no ties: (5 - 1) / 6.
    expect(kendallTauB([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 15);
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('top-k overlap counts the people in both tops, never an empty value', () => {
    const a = [5, 4, 3, 2, 1, NaN];
    const b = [1, 4, 5, NaN, 3, 9];
    // Top 3 of a: 0, 1, 2; of b: 5, 2, 1.
    expect(topOverlap(a, b, 3)).toBeCloseTo(2 / 3, 15);
    expect(topOverlap(a, a, 5)).toBe(1);
    expect(() => topOverlap(a, b, 0)).toThrow(/"k" must be a positive integer/);
    expect(() => spearman([1, 2], [1])).toThrow(/same length|differ in length/);
  });
});
