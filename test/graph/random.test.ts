import { describe, expect, it } from 'vitest';
import { Random } from '../../graph/random.ts';

describe('keyed streams of the seeded random numbers', () => {
  const draws = (r: Random, k: number) => Array.from({ length: k }, () => r.nextUint32());

  it('reseed: the same (seed, world, item) gives the same stream whatever came before; others differ', () => {
    const a = new Random(1);
    draws(a, 17);
    a.reseed(42, 7, 1234);
    const b = new Random(99);
    b.reseed(5, 5, 5);
    b.reseed(42, 7, 1234);
    expect(draws(a, 8)).toEqual(draws(b, 8));
    const streams = new Set<string>();
    for (const [seed, world, item] of [
      [42, 7, 1234],
      [42, 7, 1235],
      [42, 8, 1234],
      [43, 7, 1234],
      [42, 1234, 7],
    ]) {
      a.reseed(seed, world, item);
      streams.add(draws(a, 4).join(','));
    }
    expect(streams.size).toBe(5);
  });

  it('uniformAt: in [0, 1), one number per item, no two items of a world alike, uniform in ten bins', () => {
    const r = new Random();
    const n = 100_000;
    const seen = new Set<number>();
    const bins = new Array(10).fill(0);
    for (let item = 0; item < n; item++) {
      const x = r.uniformAt(3, 11, item);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      seen.add(x);
      bins[Math.floor(x * 10)]++;
    }
    expect(seen.size).toBe(n);
    expect(r.uniformAt(3, 11, 5)).toBe(new Random(8).uniformAt(3, 11, 5));
    expect(r.uniformAt(3, 12, 5)).not.toBe(r.uniformAt(3, 11, 5));
    // Chi-square with 9 degrees of freedom: 27.9 is its 0.999 quantile.
    const chi2 = bins.reduce((sum, b) => sum + (b - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });

  it("reseeded streams' first draws are uniform and unrelated across items", () => {
    const r = new Random();
    const n = 50_000;
    const bins = new Array(16).fill(0);
    let sameHalf = 0;
    for (let item = 0; item < n; item++) {
      r.reseed(9, 2, item);
      const [x, y] = [r.next(), r.next()];
      bins[Math.floor(x * 4) * 4 + Math.floor(y * 4)]++;
      if (x < 0.5 === y < 0.5) sameHalf++;
    }
    // The pairs (first, second draw) fill a 4 x 4 grid evenly (chi-square, 15 degrees of freedom, 0.999 quantile 37.7).
    const chi2 = bins.reduce((sum, b) => sum + (b - n / 16) ** 2 / (n / 16), 0);
    expect(chi2).toBeLessThan(37.7);
    expect(Math.abs(sameHalf / n - 0.5)).toBeLessThan(4.5 * Math.sqrt(0.25 / n));
  });
});
