import { withDefaults } from '../../options.ts';
import { DEFAULT_SEED } from '../../random.ts';
import { leaveOneOut } from './leave-one-out.ts';
import { crossValidatedRegression } from './linear-regression.ts';
import { pearsonCorrelation, rootMeanSquareError } from './metrics.ts';
import { RATING_FEATURES, ratingFeatures } from './rating-features.ts';
import type { RatingGraph } from './ratings.ts';

/**
 * Kumar et al. (ICDM 2016), leave-one-out edge-weight prediction on Bitcoin OTC with ratings scaled to [-1, 1]:
 * f(u) g(v) alone, and the best combination of features they report. Two decimals, as published.
 */
export const PUBLISHED_BITCOIN_OTC = {
  fairnessGoodness: { rmse: 0.31, pearson: 0.49 },
  bestCombination: { rmse: 0.26, pearson: 0.66 },
} as const;

export interface PredictionQuality {
  rmse: number;
  pearson: number;
}

export interface EdgeWeightValidation {
  ratings: number;
  /** f'(u) g'(v) with the rating held out. */
  fairnessGoodness: PredictionQuality;
  /** The linear combination of `features`, each prediction made by coefficients fitted on the other folds. */
  combination: PredictionQuality & { features: readonly string[]; coefficients: Float64Array; folds: number };
  /** Proven bound on each leave-one-out prediction's distance to exact recomputation (leave-one-out.ts). */
  errorBound: number;
  /** Fairness recomputations the leave-one-out repairs made in all. */
  repairs: number;
}

export interface EdgeWeightValidationOptions {
  /** Leave-one-out tolerance (see leaveOneOut). Default 1e-5. */
  tolerance?: number;
  /** Cross-validation folds for the combination. Default 10. */
  folds?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

const DEFAULTS = {
  tolerance: 1e-5,
  folds: 10,
  seed: DEFAULT_SEED,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((fraction: number) => void) | undefined,
};

/**
 * The paper's evaluation on any rating graph: leave each rating out, predict it from the rest, and measure RMSE and
 * Pearson correlation, for f(u) g(v) and for the cross-validated combination of rating features (rating-features.ts).
 */
export function validateEdgeWeightPrediction(
  ratings: RatingGraph,
  options?: EdgeWeightValidationOptions,
): EdgeWeightValidation {
  const o = withDefaults(DEFAULTS, options, 'validateEdgeWeightPrediction');
  const loo = leaveOneOut(ratings, { tolerance: o.tolerance, signal: o.signal, onProgress: o.onProgress });
  const design = ratingFeatures(ratings, loo);
  const combined = crossValidatedRegression(design, { folds: o.folds, seed: o.seed });
  return {
    ratings: loo.positions.length,
    fairnessGoodness: quality(loo.predicted, loo.actual),
    combination: {
      ...quality(combined.predicted, design.target),
      features: RATING_FEATURES,
      coefficients: combined.coefficients,
      folds: o.folds,
    },
    errorBound: loo.errorBound,
    repairs: loo.updates,
  };
}

function quality(predicted: Float64Array, actual: Float64Array): PredictionQuality {
  return { rmse: rootMeanSquareError(predicted, actual), pearson: pearsonCorrelation(predicted, actual) };
}
