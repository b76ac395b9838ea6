import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { InvalidOptionsError } from '../../errors.ts';
import { checkNumber, withDefaults } from '../../options.ts';
import { Random, DEFAULT_SEED } from '../../random.ts';

/**
 * Least-squares linear regression with k-fold cross-validation, for combining edge-weight predictors.
 *
 * Rows are few columns wide (a dozen features) and many rows long, so the fit accumulates the normal equations
 * X'X b = X'y once per fold and solves the small system with ml-matrix's Cholesky decomposition. The fold sums are
 * summed once, so each fold's training system is the total minus that fold: one pass over the data for all folds.
 * A tiny ridge (`ridge` times the mean diagonal of X'X) keeps the system positive definite when a feature is constant
 * or two coincide (a small graph with no reciprocal ratings); it does not measurably shrink the coefficients.
 */
export interface Design {
  /** Row-major: row i is features[i * width ... (i + 1) * width - 1]. An intercept column is added by the fit. */
  features: Float64Array;
  width: number;
  target: Float64Array;
}

export interface CrossValidationOptions {
  /** Number of folds. Default 10. */
  folds?: number;
  /** Seed of the shuffle that assigns rows to folds. */
  seed?: number;
  /** Relative ridge, see above. Default 1e-9. */
  ridge?: number;
  /** Clip predictions to this range (the ratings' range). Default [-1, 1]; null for none. */
  clip?: readonly [number, number] | null;
}

export interface CrossValidationResult {
  /** Out-of-fold prediction of every row: made by coefficients fitted without the row's fold. */
  predicted: Float64Array;
  /** Coefficients fitted on all rows: intercept first, then one per feature (for reporting). */
  coefficients: Float64Array;
}

const DEFAULTS = { folds: 10, seed: DEFAULT_SEED, ridge: 1e-9, clip: [-1, 1] as readonly [number, number] | null };

export function crossValidatedRegression(design: Design, options?: CrossValidationOptions): CrossValidationResult {
  const where = 'crossValidatedRegression';
  const o = withDefaults(DEFAULTS, options, where);
  const folds = checkNumber(where, 'folds', o.folds, { min: 2, integer: true });
  const ridge = checkNumber(where, 'ridge', o.ridge, { min: 0 });
  const { features, width, target } = design;
  const n = target.length;
  if (features.length !== n * width) throw new InvalidOptionsError(where, `features must hold ${n} rows of ${width}`);
  if (n < folds) throw new InvalidOptionsError(where, `${n} rows cannot make ${folds} folds`);

  const fold = foldOf(n, folds, o.seed);
  const p = width + 1;
  const gram = Array.from({ length: folds }, () => new Float64Array(p * p));
  const moment = Array.from({ length: folds }, () => new Float64Array(p));
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    row[0] = 1;
    row.set(features.subarray(i * width, (i + 1) * width), 1);
    const g = gram[fold[i]];
    const m = moment[fold[i]];
    for (let a = 0; a < p; a++) {
      m[a] += row[a] * target[i];
      for (let b = a; b < p; b++) g[a * p + b] += row[a] * row[b];
    }
  }
  const totalGram = new Float64Array(p * p);
  const totalMoment = new Float64Array(p);
  for (let k = 0; k < folds; k++) {
    for (let j = 0; j < p * p; j++) totalGram[j] += gram[k][j];
    for (let j = 0; j < p; j++) totalMoment[j] += moment[k][j];
  }

  const coefficientsByFold = gram.map((g, k) =>
    solveNormalEquations(
      totalGram.map((value, j) => value - g[j]),
      totalMoment.map((value, j) => value - moment[k][j]),
      p,
      ridge,
    ),
  );
  const predicted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const beta = coefficientsByFold[fold[i]];
    let y = beta[0];
    for (let a = 0; a < width; a++) y += beta[a + 1] * features[i * width + a];
    predicted[i] = o.clip ? Math.min(o.clip[1], Math.max(o.clip[0], y)) : y;
  }
  return { predicted, coefficients: solveNormalEquations(totalGram, totalMoment, p, ridge) };
}

/** Applies coefficients (intercept first) to one row of features. */
export function applyCoefficients(coefficients: ArrayLike<number>, row: ArrayLike<number>): number {
  let y = coefficients[0];
  for (let a = 0; a < row.length; a++) y += coefficients[a + 1] * row[a];
  return y;
}

/** A seeded shuffle dealt round-robin into folds, so folds differ in size by at most one. */
function foldOf(n: number, folds: number, seed: number): Uint16Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = new Random(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Uint16Array(n);
  for (let k = 0; k < n; k++) fold[order[k]] = k % folds;
  return fold;
}

/** Solves (X'X + ridge mean(diag) I) b = X'y from the upper triangle of X'X. */
function solveNormalEquations(upper: Float64Array, moment: Float64Array, p: number, ridge: number): Float64Array {
  let trace = 0;
  for (let a = 0; a < p; a++) trace += upper[a * p + a];
  const lambda = (ridge * trace) / p;
  const a = Matrix.zeros(p, p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      a.set(i, j, upper[i * p + j]);
      a.set(j, i, upper[i * p + j]);
    }
    a.set(i, i, a.get(i, i) + lambda);
  }
  const cholesky = new CholeskyDecomposition(a);
  if (!cholesky.isPositiveDefinite())
    throw new InvalidOptionsError('crossValidatedRegression', 'the features are degenerate (all rows equal?)');
  return Float64Array.from(cholesky.solve(Matrix.columnVector(Array.from(moment))).getColumn(0));
}
