import type { Design } from './linear-regression.ts';
import type { LeaveOneOutResult } from './leave-one-out.ts';
import { findRating, type RatingGraph } from './ratings.ts';

/**
 * Features of each held-out rating u -> v for the combination that goes beyond f(u) g(v) (the paper's best results
 * combine several predictors in a linear regression). Every feature is computed with the rating itself absent: the
 * fairness and goodness from the leave-one-out repair, and the rating statistics with that one rating subtracted.
 * Why each helps:
 * - f g, f and g: the paper's predictor and its two factors (a linear fit can weigh them separately);
 * - whether u rated nobody else / nobody else rated v: then f or g is a fallback, worth a correction of its own;
 * - u's mean rating given and v's mean rating received: a rater's generosity ("bias") and a ratee's plain average
 *   ("deserve", Mishra and Bhattacharya 2011), which f g ignores;
 * - log(1 + counts) and their products with the means: a mean over many ratings deserves more weight;
 * - v's own rating of u, when there is one: ratings in trade networks are strongly reciprocal (the paper's
 *   "reciprocal" baseline), and that rating is another relationship, present when u -> v is held out.
 *
 * On Bitcoin OTC (leave-one-out, 10-fold cross-validation) f g alone gives RMSE 0.311 and correlation 0.489; adding
 * the factors, the means and the counts about 0.286 and 0.595; adding the reciprocal rating and the products 0.258
 * and 0.690 (`npm run validate`).
 */
export const RATING_FEATURES = [
  'fairness_x_goodness',
  'rater_fairness',
  'ratee_goodness',
  'rater_rated_nobody_else',
  'ratee_rated_by_nobody_else',
  'rater_mean_given',
  'ratee_mean_received',
  'log_rater_ratings_given',
  'log_ratee_ratings_received',
  'reciprocal_rating',
  'has_reciprocal_rating',
  'ratee_goodness_x_log_received',
  'rater_mean_x_log_given',
] as const;

export function ratingFeatures(ratings: RatingGraph, loo: LeaveOneOutResult): Design {
  const n = ratings.nodeCount;
  const givenSum = new Float64Array(n);
  const receivedSum = new Float64Array(n);
  for (let k = 0; k < ratings.ratingCount; k++) {
    givenSum[ratings.givenRater[k]] += ratings.givenRating[k];
    receivedSum[ratings.givenRatee[k]] += ratings.givenRating[k];
  }
  const width = RATING_FEATURES.length;
  const count = loo.positions.length;
  const features = new Float64Array(count * width);
  for (let i = 0; i < count; i++) {
    const k = loo.positions[i];
    const u = ratings.givenRater[k];
    const v = ratings.givenRatee[k];
    const w = ratings.givenRating[k];
    const given = ratings.givenOffsets[u + 1] - ratings.givenOffsets[u] - 1;
    const received = ratings.receivedOffsets[v + 1] - ratings.receivedOffsets[v] - 1;
    const f = loo.raterFairness[i];
    const g = loo.rateeGoodness[i];
    const meanGiven = given > 0 ? (givenSum[u] - w) / given : 0;
    const meanReceived = received > 0 ? (receivedSum[v] - w) / received : 0;
    const back = findRating(ratings, v, u);
    const goodness = Number.isNaN(g) ? 0 : g;
    const row = [
      loo.predicted[i],
      Number.isNaN(f) ? 1 : f,
      goodness,
      given === 0 ? 1 : 0,
      received === 0 ? 1 : 0,
      meanGiven,
      meanReceived,
      Math.log1p(given),
      Math.log1p(received),
      back >= 0 ? ratings.givenRating[back] : 0,
      back >= 0 ? 1 : 0,
      goodness * Math.log1p(received),
      meanGiven * Math.log1p(given),
    ];
    features.set(row, i * width);
  }
  return { features, width, target: Float64Array.from(loo.actual) };
}
