import { describe, expect, it } from 'vitest';
import { meanEstimate, pairedDifferenceInterval, wilsonInterval } from '../../../graph/algorithms/spread/intervals.ts';

describe('intervals', () => {
  it('Wilson score intervals equal the published ones (Newcombe, Stat. Med. 1998, 17:857, Table II)', () => {
    const published: Array<[number, number, number, number]> = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, low, high] of published) {
      const [l, h] = wilsonInterval(x, n);
      expect(l).toBeCloseTo(low, 4);
      expect(h).toBeCloseTo(high, 4);
    }
    expect(wilsonInterval(20, 20)[1]).toBe(1);
    expect(wilsonInterval(0, 20)[0]).toBe(0);
  });

  it("Newcombe's paired interval: sign, symmetry, and the Wilson limits when one side never differs", () => {
    const [low, high] = pairedDifferenceInterval(14, 5, 0, 22);
    expect(low).toBeGreaterThan(0); // 5 discordant pairs all one way
    expect(high).toBeGreaterThan(5 / 41);
    const [mirrorLow, mirrorHigh] = pairedDifferenceInterval(14, 0, 5, 22);
    expect(mirrorLow).toBeCloseTo(-high, 12);
    expect(mirrorHigh).toBeCloseTo(-low, 12);
    const [l, h] = pairedDifferenceInterval(30, 0, 0, 70);
    expect(l).toBeLessThan(0);
    expect(h).toBeGreaterThan(0);
    // With p2 = 0 (a = c = 0) the difference can exceed p1 only by p1's own error: the upper limit is p1's Wilson
    // limit; the lower one widens by p2's Wilson upper limit (square and add).
    const wilson = wilsonInterval(7, 50);
    const paired = pairedDifferenceInterval(0, 7, 0, 43);
    expect(paired[1]).toBeCloseTo(wilson[1], 12);
    expect(paired[0]).toBeCloseTo(7 / 50 - Math.hypot(7 / 50 - wilson[0], wilsonInterval(0, 50)[1]), 12);
  });

  it('mean estimates from sums of integers, clipped', () => {
    const xs = [3, 5, 4, 8, 0, 6];
    const sum = xs.reduce((a, b) => a + b, 0);
    const squares = xs.reduce((a, b) => a + b * b, 0);
    const mean = sum / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    const estimate = meanEstimate(sum, squares, xs.length);
    expect(estimate.mean).toBeCloseTo(mean, 12);
    expect(estimate.standardError).toBeCloseTo(sd / Math.sqrt(xs.length), 12);
    expect(estimate.ci95[0]).toBeCloseTo(mean - 1.959963984540054 * estimate.standardError, 12);
    expect(meanEstimate(sum, squares, xs.length, 4, 5).ci95).toEqual([4, 5]);
  });
});
