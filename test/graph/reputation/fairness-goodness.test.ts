import { describe, expect, it } from 'vitest';
import { fairnessGoodness, predictRating } from '../../../graph/algorithms/reputation/fairness-goodness.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { Random } from '../../../graph/random.ts';
import { HAND_EXAMPLE, randomSignedRatings, signedSnapshot } from './signed-graphs.ts';

/*
 * Hand-computed example. Ratings (rater -> ratee: rating): A -> C 1, B -> C 0, D -> C -1, A -> B 0.5; E is linked to
 * A by a relationship without a rating. Write a, b, d for the fairness of A, B, D and c for the goodness of C.
 *   g(C) = (a*1 + b*0 + d*(-1)) / 3,  g(B) = a*0.5 / 1 = a/2
 *   f(A) = 1 - (|1 - c| + |0.5 - a/2|) / (2*2),  f(B) = 1 - |0 - c| / 2,  f(D) = 1 - |-1 - c| / 2
 * Guessing 0 < c < 1 and a < 1 (checked below) removes the absolute values:
 *   d = (1 - c)/2,  so  3c = a - (1 - c)/2  =>  c = (2a - 1)/5
 *   a = 1 - (1.5 - c - a/2)/4 = 0.625 + c/4 + a/8 = 0.575 + 0.225a  =>  a = 0.575/0.775 = 23/31
 *   c = (46/31 - 1)/5 = 3/31,  d = (1 - 3/31)/2 = 14/31,  b = 1 - (3/31)/2 = 59/62,  g(B) = 23/62
 * and indeed 0 < 3/31 < 1 and 23/31 < 1. Nobody rated A, D or E (no goodness); C and E rated nobody (no fairness).
 */

describe('fairness and goodness', () => {
  const snapshot = signedSnapshot(HAND_EXAMPLE, [['E', 'A']]);
  const at = (id: string) => snapshot.indexOfOrThrow(id);

  it('reaches the hand-computed fixed point', () => {
    const result = fairnessGoodness(snapshot, { tolerance: 1e-13 });
    expect(result.converged).toBe(true);
    expect(result.fairness[at('A')]).toBeCloseTo(23 / 31, 12);
    expect(result.fairness[at('B')]).toBeCloseTo(59 / 62, 12);
    expect(result.fairness[at('D')]).toBeCloseTo(14 / 31, 12);
    expect(result.goodness[at('C')]).toBeCloseTo(3 / 31, 12);
    expect(result.goodness[at('B')]).toBeCloseTo(23 / 62, 12);
  });

  it('gives no reputation (NaN, not 0) to people nobody rated and no fairness to people who rated nobody', () => {
    const result = fairnessGoodness(snapshot);
    for (const id of ['A', 'D', 'E']) expect(result.goodness[at(id)]).toBeNaN();
    for (const id of ['C', 'E']) expect(result.fairness[at(id)]).toBeNaN();
  });

  it('gives everyone NaN on a graph without ratings', () => {
    const plain = signedSnapshot([], [['x', 'y']]);
    const result = fairnessGoodness(plain);
    expect([...result.goodness].every(Number.isNaN)).toBe(true);
    expect([...result.fairness].every(Number.isNaN)).toBe(true);
    expect(result.converged).toBe(true);
  });

  it("predicts a rating as f(rater) g(ratee), with the paper's starting values where one is unknown", () => {
    const result = fairnessGoodness(snapshot, { tolerance: 1e-13 });
    expect(predictRating(result, at('A'), at('B'))).toBeCloseTo((23 / 31) * (23 / 62), 12);
    expect(predictRating(result, at('D'), at('C'))).toBeCloseTo((14 / 31) * (3 / 31), 12);
    // C rated nobody: fairness 1. A was rated by nobody: goodness 0 unless told otherwise.
    expect(predictRating(result, at('C'), at('B'))).toBeCloseTo(23 / 62, 12);
    expect(predictRating(result, at('B'), at('A'))).toBe(0);
    expect(predictRating(result, at('B'), at('A'), { unknownGoodness: 0.1 })).toBeCloseTo((59 / 62) * 0.1, 12);
    expect(() => predictRating(result, at('B'), 99)).toThrow(InvalidOptionsError);
  });

  it('converges to one fixed point from different starts, the error at least halving each iteration', () => {
    const graph = signedSnapshot(randomSignedRatings(300, 2000, 7));
    const random = new Random(3);
    const starts: Array<number | Float64Array> = [
      1,
      0,
      -3,
      Float64Array.from({ length: graph.nodeCount }, () => random.next()),
    ];
    const tolerance = 1e-12;
    const results = starts.map((initialFairness) => fairnessGoodness(graph, { tolerance, initialFairness }));
    for (const result of results) {
      expect(result.converged).toBe(true);
      // Contraction 1/2 from a distance of at most 4: log2(4 / 1e-12) < 42 iterations.
      expect(result.iterations).toBeLessThanOrEqual(42);
    }
    // Each is within `tolerance` of the fixed point, so any two within 2 tolerance of each other.
    for (const other of results.slice(1)) {
      for (let i = 0; i < graph.nodeCount; i++) {
        if (Number.isNaN(results[0].fairness[i])) expect(other.fairness[i]).toBeNaN();
        else expect(Math.abs(other.fairness[i] - results[0].fairness[i])).toBeLessThanOrEqual(2 * tolerance);
        if (Number.isNaN(results[0].goodness[i])) expect(other.goodness[i]).toBeNaN();
        else expect(Math.abs(other.goodness[i] - results[0].goodness[i])).toBeLessThanOrEqual(2 * tolerance);
      }
    }
  });

  it('keeps scores in range: fairness in [0, 1], goodness in [-1, 1]', () => {
    const result = fairnessGoodness(signedSnapshot(randomSignedRatings(200, 1000, 11)));
    for (const f of result.fairness) if (!Number.isNaN(f)) expect(f >= 0 && f <= 1).toBe(true);
    for (const g of result.goodness) if (!Number.isNaN(g)) expect(g >= -1 && g <= 1).toBe(true);
  });

  it('validates its options and the ratings', () => {
    expect(() => fairnessGoodness(snapshot, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => fairnessGoodness(snapshot, { maxIterations: 1.5 })).toThrow(/maxIterations/);
    expect(() => fairnessGoodness(snapshot, { initialFairness: [1, 2] })).toThrow(/initialFairness/);
    expect(() => fairnessGoodness(snapshot, { initialFairness: Infinity })).toThrow(/initialFairness/);
    expect(() => fairnessGoodness(snapshot, { damping: 0.5 } as never)).toThrow(/unknown option "damping"/);
    expect(() => fairnessGoodness(signedSnapshot([['a', 'b', 3]]))).toThrow(/outside \[-1, 1\]/);
  });

  it('reports when it stops before converging', () => {
    const result = fairnessGoodness(snapshot, { maxIterations: 1, tolerance: 1e-15 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(1);
  });
});
