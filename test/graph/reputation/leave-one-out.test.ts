import { beforeAll, describe, expect, it } from 'vitest';
import { fairnessGoodnessOfRatings } from '../../../graph/algorithms/reputation/fairness-goodness.ts';
import { leaveOneOut, leaveOneOutFromScratch } from '../../../graph/algorithms/reputation/leave-one-out.ts';
import {
  findRating,
  ratingGraph,
  withoutRating,
  type RatingGraph,
} from '../../../graph/algorithms/reputation/ratings.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { datasetPath } from '../../datasets.ts';
import { HAND_EXAMPLE, randomSignedRatings, signedSnapshot } from './signed-graphs.ts';

function maxDifference(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('leave-one-out by local repair', () => {
  it('matches the hand-computed example with a rating held out', () => {
    // Ratings A -> C 1, B -> C 0, D -> C -1, A -> B 0.5 (fairness-goodness.test.ts).
    const snapshot = signedSnapshot(HAND_EXAMPLE);
    const ratings = ratingGraph(snapshot);
    const at = (id: string) => snapshot.indexOfOrThrow(id);
    const position = (rater: string, ratee: string) => findRating(ratings, at(rater), at(ratee));
    const loo = leaveOneOut(ratings, { tolerance: 1e-12, ratings: [position('D', 'C'), position('A', 'B')] });
    // Without D -> C: g(C) = a/2, g(B) = a/2, a = 1 - ((1 - a/2) + (0.5 - a/2))/4 => a = 5/6, g(C) = 5/12. D rated
    // nobody else, so its fairness is the starting 1 and the prediction is g(C) = 5/12.
    expect(loo.raterFairness[0]).toBeNaN();
    expect(loo.rateeGoodness[0]).toBeCloseTo(5 / 12, 11);
    expect(loo.predicted[0]).toBeCloseTo(5 / 12, 11);
    expect(loo.actual[0]).toBe(-1);
    // Without A -> B: nobody rated B, so the prediction is 0. A now only rated C: a = (1 + c)/2, d = (1 - c)/2,
    // c = (a - d)/3 = c/3 => c = 0 and a = 1/2.
    expect(loo.rateeGoodness[1]).toBeNaN();
    expect(loo.predicted[1]).toBe(0);
    expect(loo.raterFairness[1]).toBeCloseTo(0.5, 11);
  });

  it('withoutRating drops exactly one rating from both orders', () => {
    const ratings = ratingGraph(signedSnapshot(randomSignedRatings(40, 150, 5)));
    const held = 77;
    const rest = withoutRating(ratings, held);
    expect(rest.ratingCount).toBe(ratings.ratingCount - 1);
    expect(findRating(rest, ratings.givenRater[held], ratings.givenRatee[held])).toBe(-1);
    for (let k = 0; k < rest.ratingCount; k++) {
      // Each rating's received position still names the same rater and rating.
      const j = rest.givenToReceived[k];
      expect(rest.receivedRater[j]).toBe(rest.givenRater[k]);
      expect(rest.receivedRating[j]).toBe(rest.givenRating[k]);
    }
  });

  it('equals recomputation from scratch on a random signed graph, every rating held out in turn', () => {
    const ratings = ratingGraph(signedSnapshot(randomSignedRatings(150, 700, 21)));
    const tolerance = 1e-9;
    const local = leaveOneOut(ratings, { tolerance });
    const scratch = leaveOneOutFromScratch(ratings, { tolerance: 1e-13 });
    expect(local.errorBound).toBe(tolerance);
    expect(maxDifference(local.predicted, scratch.predicted)).toBeLessThanOrEqual(
      local.errorBound + scratch.errorBound,
    );
    expect(Array.from(local.actual)).toEqual(Array.from(scratch.actual));
  });

  it('restores the full fixed point between held-out ratings (the order they are taken in does not matter)', () => {
    const ratings = ratingGraph(signedSnapshot(randomSignedRatings(80, 300, 9)));
    const forward = Int32Array.from({ length: ratings.ratingCount }, (_, k) => k);
    const backward = forward.slice().reverse();
    const a = leaveOneOut(ratings, { tolerance: 1e-10, ratings: forward });
    const b = leaveOneOut(ratings, { tolerance: 1e-10, ratings: backward });
    expect(maxDifference(a.predicted, b.predicted.slice().reverse())).toBeLessThanOrEqual(2e-10);
  });

  it('validates its options', () => {
    const ratings = ratingGraph(signedSnapshot([['a', 'b', 0.5]]));
    expect(() => leaveOneOut(ratings, { ratings: [1] })).toThrow(/rating position/);
    expect(() => leaveOneOut(ratings, { tolerance: -1 })).toThrow(/tolerance/);
    expect(() => leaveOneOut(ratings, { unknownGoodness: 2 })).toThrow(/unknownGoodness/);
  });
});

describe('leave-one-out on bitcoin-otc', () => {
  let ratings: RatingGraph;
  beforeAll(async () => {
    ratings = ratingGraph(
      await readSnapshot(datasetPath('bitcoin-otc.csv'), { format: 'signed-csv', ratingRange: [-10, 10] }),
    );
  });

  it('equals recomputation from scratch on 150 held-out ratings of the full graph', () => {
    // Every 237th rating: spread over raters of every degree (given order is by rater).
    const sample = Int32Array.from({ length: 150 }, (_, i) => i * 237);
    const local = leaveOneOut(ratings, { tolerance: 1e-6, ratings: sample });
    const scratch = leaveOneOutFromScratch(ratings, { tolerance: 1e-12, ratings: sample });
    const difference = maxDifference(local.predicted, scratch.predicted);
    console.log(
      `bitcoin-otc leave-one-out: largest difference to recomputation ${difference.toExponential(2)} (bound ${local.errorBound})`,
    );
    expect(difference).toBeLessThanOrEqual(local.errorBound + scratch.errorBound);
  });

  it('the full fixed point converges in about as many iterations as the 1/2 contraction promises', () => {
    const result = fairnessGoodnessOfRatings(ratings, { tolerance: 1e-12 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThanOrEqual(40);
  });
});
