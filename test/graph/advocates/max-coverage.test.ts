import { describe, expect, it } from 'vitest';
import { CoverageIndex } from '../../../graph/algorithms/advocates/coverage-index.ts';
import { greedyMaxCoverage, type SelectionRules } from '../../../graph/algorithms/advocates/max-coverage.ts';
import { RRSets } from '../../../graph/algorithms/diffusion/rr-sets.ts';
import { Random } from '../../../graph/random.ts';

function collection(sets: number[][]): RRSets {
  const rr = new RRSets();
  rr.pool = Int32Array.from(sets.flat());
  rr.size = rr.pool.length;
  rr.offsets = new Int32Array(sets.length + 1);
  sets.forEach((s, i) => (rr.offsets[i + 1] = rr.offsets[i] + s.length));
  rr.count = sets.length;
  return rr;
}

function run(sets: number[][], n: number, rules: Partial<SelectionRules> & { k: number }) {
  const rr = collection(sets);
  const index = new CoverageIndex(n);
  index.rebuild(rr);
  return greedyMaxCoverage(rr, index, {
    eligible: new Uint8Array(n).fill(1),
    mustInclude: new Int32Array(0),
    community: null,
    capPerCommunity: Infinity,
    ...rules,
  });
}

function coverage(sets: number[][], chosen: number[]): number {
  return sets.filter((s) => s.some((v) => chosen.includes(v))).length;
}

/** Every subset of 0..n-1 of size at most k. */
function* subsets(n: number, k: number, start = 0, prefix: number[] = []): Generator<number[]> {
  yield prefix;
  if (prefix.length === k) return;
  for (let v = start; v < n; v++) yield* subsets(n, k, v + 1, [...prefix, v]);
}

describe('greedy maximum coverage on RR sets', () => {
  it('takes the best person, then the best marginal gain', () => {
    const sets = [[0, 1], [0, 2], [3], [3], [3], [1, 2], [4, 1]];
    const result = run(sets, 5, { k: 2 });
    expect(result.seeds[0]).toBe(3);
    expect(result.marginal[0]).toBe(3);
    expect(result.seeds[1]).toBe(1); // covers {0,1}, {1,2}, {4,1}
    expect(result.covered).toBe(6);
    expect(result.upperBound).toBeGreaterThanOrEqual(6);
  });

  it('builds the inverted index by counting sort', () => {
    const rr = collection([[2, 0], [1], [0, 1, 2], [2]]);
    const index = new CoverageIndex(3);
    index.rebuild(rr);
    expect(Array.from(index.offsets)).toEqual([0, 2, 4, 7]);
    expect(Array.from(index.sets.subarray(0, 7))).toEqual([0, 2, 1, 2, 0, 2, 3]);
  });

  it('never chooses an ineligible person, puts must-include people first and counts their coverage', () => {
    const sets = [[0], [0], [0], [1], [2], [2]];
    const eligible = Uint8Array.from([0, 1, 1]);
    const result = run(sets, 3, { k: 2, eligible, mustInclude: Int32Array.from([1]) });
    expect(Array.from(result.seeds)).toEqual([1, 2]);
    expect(Array.from(result.marginal)).toEqual([1, 2]);
  });

  it('on random instances: within 1 - 1/e of the optimum, and the optimum within the upper bound', () => {
    const rng = new Random(9);
    for (let trial = 0; trial < 40; trial++) {
      const n = 9;
      const sets = Array.from({ length: 30 }, () => [
        ...new Set(Array.from({ length: 1 + rng.nextInt(3) }, () => rng.nextInt(n))),
      ]);
      const k = 1 + rng.nextInt(3);
      const result = run(sets, n, { k });
      let optimum = 0;
      for (const s of subsets(n, k)) optimum = Math.max(optimum, coverage(sets, s));
      expect(result.covered).toBe(coverage(sets, Array.from(result.seeds)));
      expect(result.covered).toBeGreaterThanOrEqual((1 - 1 / Math.E) * optimum);
      expect(result.upperBound).toBeGreaterThanOrEqual(optimum);
    }
  });

  it('under a per-community cap: respects it, within 1/2 of the capped optimum, which stays within the bound', () => {
    const rng = new Random(10);
    for (let trial = 0; trial < 40; trial++) {
      const n = 9;
      const sets = Array.from({ length: 30 }, () => [
        ...new Set(Array.from({ length: 1 + rng.nextInt(3) }, () => rng.nextInt(n))),
      ]);
      const community = Int32Array.from({ length: n }, () => rng.nextInt(3) - (rng.next() < 0.15 ? 3 : 0)).map((c) =>
        Math.max(-1, c),
      );
      const cap = 1;
      const k = 2 + rng.nextInt(2);
      const feasible = (s: number[]) => [0, 1, 2].every((c) => s.filter((v) => community[v] === c).length <= cap);
      const result = run(sets, n, { k, community, capPerCommunity: cap });
      expect(feasible(Array.from(result.seeds))).toBe(true);
      let optimum = 0;
      for (const s of subsets(n, k)) if (feasible(s)) optimum = Math.max(optimum, coverage(sets, s));
      expect(result.covered).toBeGreaterThanOrEqual(optimum / 2);
      expect(result.upperBound).toBeGreaterThanOrEqual(optimum);
    }
  });
});
