import { InvalidOptionsError } from '../../errors.ts';

/** Root-mean-square error of predictions against actual values (the paper's first measure). */
export function rootMeanSquareError(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = checkPaired(predicted, actual, 'rootMeanSquareError');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (predicted[i] - actual[i]) ** 2;
  return Math.sqrt(sum / n);
}

/**
 * Pearson's correlation coefficient (the paper's second measure), computed around the means in a second pass for
 * accuracy; NaN when either side is constant.
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = checkPaired(x, y, 'pearsonCorrelation');
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += x[i];
    meanY += y[i];
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

function checkPaired(a: ArrayLike<number>, b: ArrayLike<number>, where: string): number {
  if (a.length !== b.length)
    throw new InvalidOptionsError(where, `the two series differ in length (${a.length} and ${b.length})`);
  if (a.length === 0) throw new InvalidOptionsError(where, 'the series are empty');
  return a.length;
}
