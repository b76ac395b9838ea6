import type { Estimate } from '../diffusion/monte-carlo.ts';

/**
 * 95% confidence intervals for what the Monte Carlo of a spread estimates.
 *
 * - A probability (a person is reached in x of n worlds): the Wilson score interval (Wilson, "Probable inference, the
 *   law of succession, and statistical inference", JASA 1927), recommended over the normal (Wald) interval by Newcombe
 *   ("Two-sided confidence intervals for the single proportion: comparison of seven methods", Stat. Med. 1998) and
 *   by Brown, Cai and DasGupta (Stat. Sci. 2001): it never leaves [0, 1] and stays honest near 0 and 1, where most
 *   people of a large graph are (x = 0 gives [0, z^2 / (n + z^2)], not the Wald interval's [0, 0]):
 *     centre = (x + z^2 / 2) / (n + z^2),  half-width = z sqrt(x (n - x) / n + z^2 / 4) / (n + z^2).
 * - A difference of two probabilities measured in the same worlds (paired): Newcombe's square-and-add interval for
 *   paired data (Newcombe, "Improved confidence intervals for the difference between binomial proportions based on
 *   paired data", Stat. Med. 1998, method 10), from the two Wilson intervals and the correlation phi of the paired
 *   table (with Newcombe's continuity correction of phi).
 * - A mean (the expected number of people reached, in all or in a community): the normal interval
 *   mean +- z s / sqrt(n) from the runs' sample standard deviation s (the central limit theorem; runs are in the
 *   thousands), clipped to the range the quantity can take.
 */
export const Z95 = 1.959963984540054;

/** Wilson score interval for x successes in n trials (n > 0). */
export function wilsonInterval(x: number, n: number, z = Z95): [number, number] {
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((x * (n - x)) / n + z2 / 4)) / (n + z2);
  // Exactly 0 and 1 at the ends, where centre -+ half would round a hair inside.
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Newcombe's interval for p1 - p2 from a paired table over n = a + b + c + d worlds: a both, b only the first, c only
 * the second, d neither. p1 = (a + b) / n, p2 = (a + c) / n.
 */
export function pairedDifferenceInterval(a: number, b: number, c: number, d: number, z = Z95): [number, number] {
  const n = a + b + c + d;
  const p1 = (a + b) / n;
  const p2 = (a + c) / n;
  const [l1, u1] = wilsonInterval(a + b, n, z);
  const [l2, u2] = wilsonInterval(a + c, n, z);
  const product = (a + b) * (c + d) * (a + c) * (b + d);
  // Newcombe's continuity-corrected phi: ad - bc shrinks by n/2 towards 0 when positive, and counts 0 in between.
  const cross = a * d - b * c;
  const corrected = cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0;
  const phi = product > 0 ? corrected / Math.sqrt(product) : 0;
  const theta = p1 - p2;
  const below = Math.sqrt(Math.max(0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2));
  const above = Math.sqrt(Math.max(0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2));
  return [Math.max(-1, theta - below), Math.min(1, theta + above)];
}

/**
 * Mean and normal 95% interval from a sum and a sum of squares over n runs, clipped to [low, high]. The sums are of
 * integers (counts), exact in doubles up to 2^53, so chunks added in any order give the same estimate.
 */
export function meanEstimate(sum: number, sumOfSquares: number, n: number, low = -Infinity, high = Infinity): Estimate {
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumOfSquares - sum * mean) / (n - 1)) : 0;
  const standardError = Math.sqrt(variance / n);
  return {
    mean,
    standardError,
    ci95: [Math.max(low, mean - Z95 * standardError), Math.min(high, mean + Z95 * standardError)],
  };
}
