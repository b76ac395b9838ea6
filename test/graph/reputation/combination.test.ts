import { describe, expect, it } from 'vitest';
import { leaveOneOut } from '../../../graph/algorithms/reputation/leave-one-out.ts';
import { applyCoefficients, crossValidatedRegression } from '../../../graph/algorithms/reputation/linear-regression.ts';
import { pearsonCorrelation, rootMeanSquareError } from '../../../graph/algorithms/reputation/metrics.ts';
import { RATING_FEATURES, ratingFeatures } from '../../../graph/algorithms/reputation/rating-features.ts';
import { findRating, ratingGraph } from '../../../graph/algorithms/reputation/ratings.ts';
import { Random } from '../../../graph/random.ts';
import { signedSnapshot } from './signed-graphs.ts';

describe('prediction metrics', () => {
  it('RMSE and Pearson correlation by hand', () => {
    // Errors 1, -1, 0, 2: mean square (1 + 1 + 0 + 4) / 4 = 1.5.
    expect(rootMeanSquareError([1, 1, 3, 6], [0, 2, 3, 4])).toBeCloseTo(Math.sqrt(1.5), 14);
    // x = 1, 2, 3; y = 2, 4, 7: deviations (-1, 0, 1) and (-7/3, -1/3, 8/3); sxy = 5, sxx = 2, syy = 114/9.
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(2 * (114 / 9)), 14);
    expect(pearsonCorrelation([1, 1, 1], [2, 4, 7])).toBeNaN();
    expect(() => rootMeanSquareError([1], [1, 2])).toThrow(/length/);
  });
});

describe('cross-validated linear regression', () => {
  it('recovers an exact linear relation, fold by fold', () => {
    const random = new Random(1);
    const n = 200;
    const features = new Float64Array(n * 2);
    const target = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      features[2 * i] = random.next();
      features[2 * i + 1] = random.next() * 3;
      target[i] = 0.25 + 0.5 * features[2 * i] - 0.125 * features[2 * i + 1];
    }
    const result = crossValidatedRegression({ features, width: 2, target }, { folds: 5, clip: null });
    expect(Array.from(result.coefficients).map((c) => Number(c.toFixed(6)))).toEqual([0.25, 0.5, -0.125]);
    expect(rootMeanSquareError(result.predicted, target)).toBeLessThan(1e-6);
    expect(applyCoefficients(result.coefficients, [1, 2])).toBeCloseTo(0.25 + 0.5 - 0.25, 6);
  });

  it('predicts each row from the other folds only: a row alone in its value is predicted from the rest', () => {
    // y = x except one outlier; with leave-one-out folds its prediction comes from the exact line through the rest.
    const x = [0, 1, 2, 3, 4, 5];
    const y = [0, 1, 2, 10, 4, 5];
    const result = crossValidatedRegression(
      { features: Float64Array.from(x), width: 1, target: Float64Array.from(y) },
      { folds: 6, clip: null },
    );
    const outlier = 3;
    expect(result.predicted[outlier]).toBeCloseTo(3, 6);
  });

  it('validates its input', () => {
    const design = { features: new Float64Array(4), width: 2, target: new Float64Array(3) };
    expect(() => crossValidatedRegression(design)).toThrow(/rows/);
    expect(() =>
      crossValidatedRegression({ features: new Float64Array(3), width: 1, target: new Float64Array(3) }, { folds: 1 }),
    ).toThrow(/folds/);
  });
});

describe('rating features', () => {
  it('are computed with the held-out rating absent', () => {
    // A rated B 0.5 and C 1, D rated B -1, B rated A 0.25 back.
    const snapshot = signedSnapshot([
      ['A', 'B', 0.5],
      ['A', 'C', 1],
      ['D', 'B', -1],
      ['B', 'A', 0.25],
    ]);
    const ratings = ratingGraph(snapshot);
    const at = (id: string) => snapshot.indexOfOrThrow(id);
    const held = findRating(ratings, at('A'), at('B'));
    const loo = leaveOneOut(ratings, { ratings: [held] });
    const design = ratingFeatures(ratings, loo);
    const row = Object.fromEntries(RATING_FEATURES.map((name, i) => [name, design.features[i]]));
    expect(design.target[0]).toBe(0.5);
    expect(row.fairness_x_goodness).toBe(loo.predicted[0]);
    expect(row.rater_mean_given).toBe(1); // A's other rating: C 1
    expect(row.ratee_mean_received).toBe(-1); // B's other rating: from D
    expect(row.log_rater_ratings_given).toBeCloseTo(Math.log(2), 14);
    expect(row.log_ratee_ratings_received).toBeCloseTo(Math.log(2), 14);
    expect(row.reciprocal_rating).toBe(0.25);
    expect(row.has_reciprocal_rating).toBe(1);
    expect(row.rater_rated_nobody_else).toBe(0);
    expect(row.ratee_rated_by_nobody_else).toBe(0);
  });
});
