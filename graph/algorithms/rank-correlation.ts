import { InvalidOptionsError } from '../errors.ts';
import { checkPaired, pearsonCorrelation } from './reputation/metrics.ts';

/**
 * Rank agreement between two score columns over the same people: Spearman's rho, Kendall's tau-b and the overlap of the
 * top k. NaN values (people without a score) must be filtered out by the caller for the correlations; the top-k
 * overlap ignores them.
 *
 * - Spearman's rho: Pearson's correlation of the ranks, tied values sharing their average rank (Spearman 1904; as
 *   scipy.stats.spearmanr).
 * - Kendall's tau-b: (concordant - discordant pairs) / sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2 and n1, n2 the pairs
 *   tied in x and in y (Kendall 1945), computed in O(n log n) by Knight's merge-sort method (Knight, "A computer
 *   method for calculating Kendall's tau with ungrouped data", JASA 1966; as scipy.stats.kendalltau).
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y, 'spearman');
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}

export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y, 'kendall');
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
  const pairs = (t: number) => (t * (t - 1)) / 2;
  let tiedX = 0;
  let tiedBoth = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && x[order[end]] === x[order[start]]) end++;
    tiedX += pairs(end - start);
    for (let k = start; k < end;) {
      let j = k + 1;
      while (j < end && y[order[j]] === y[order[k]]) j++;
      tiedBoth += pairs(j - k);
      k = j;
    }
    start = end;
  }
  const ys = Float64Array.from(order, (i) => y[i]);
  const swaps = sortCountingInversions(ys);
  let tiedY = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && ys[end] === ys[start]) end++;
    tiedY += pairs(end - start);
    start = end;
  }
  const total = pairs(n);
  const denominator = Math.sqrt((total - tiedX) * (total - tiedY));
  return denominator > 0 ? (total - tiedX - tiedY + tiedBoth - 2 * swaps) / denominator : NaN;
}

/** Ranks 1..n in increasing order of value, tied values sharing the average of their ranks. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Share of the k people with the highest `a` who are also among the k highest in `b` (|top_k(a) ∩ top_k(b)| / k).
 * NaN values are never in a top k; ties at the k-th place are broken by index, as any fixed rule would.
 */
export function topOverlap(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  checkPaired(a, b, 'top overlap');
  if (!(Number.isInteger(k) && k >= 1))
    throw new InvalidOptionsError('top overlap', `"k" must be a positive integer, got ${k}`);
  const inA = new Set(topIndices(a, k));
  let shared = 0;
  for (const i of topIndices(b, k)) if (inA.has(i)) shared++;
  return shared / k;
}

/** Indices of the k largest values (NaN excluded), largest first, ties by index. */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) indices.push(i);
  return indices.sort((i, j) => values[j] - values[i] || i - j).slice(0, k);
}

/** Sorts in place (bottom-up merge sort) and returns the number of pairs i < j with values[i] > values[j]. */
function sortCountingInversions(values: Float64Array<ArrayBuffer>): number {
  const n = values.length;
  let from = values;
  let to = new Float64Array(n);
  let inversions = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (from[j] < from[i]) {
          inversions += mid - i;
          to[k++] = from[j++];
        } else to[k++] = from[i++];
      }
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
    }
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
  return inversions;
}
