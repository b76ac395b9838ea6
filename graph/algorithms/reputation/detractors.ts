import { InvalidOptionsError } from '../../errors.ts';
import { checkNumber } from '../../options.ts';

/**
 * Detractors: people whose reputation (goodness from the ratings they received) or brand sentiment (how they feel
 * about the business, a person attribute) is below `threshold`. Both are on [-1, 1]; the default -0.2 leaves out the
 * neutral and the mildly negative: on Bitcoin OTC it flags 549 of the 5,858 rated people, 430 of them distrusted by
 * most of their raters.
 *
 * A person with neither a reputation nor a sentiment is not known to be a detractor: 0, not NaN, because the column
 * answers "is this someone to watch?", and nothing says so.
 */
export function detractorFlags(
  reputation: ArrayLike<number>,
  sentiment: ArrayLike<number> | null,
  options: { threshold?: number } = {},
): Float64Array {
  const threshold = checkNumber('detractorFlags', 'threshold', options.threshold ?? DEFAULT_DETRACTOR_THRESHOLD, {
    min: -1,
    max: 1,
  });
  const n = reputation.length;
  if (sentiment && sentiment.length !== n)
    throw new InvalidOptionsError('detractorFlags', 'sentiment must hold one value per person');
  const flags = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // NaN compares false, so an unknown value never flags anyone.
    if (reputation[i] < threshold || (sentiment !== null && sentiment[i] < threshold)) flags[i] = 1;
  }
  return flags;
}

export const DEFAULT_DETRACTOR_THRESHOLD = -0.2;

/**
 * The expected reach of each detractor's message (the `spread` a person's message reaches under the default diffusion
 * model): the risk a community manager watches. NaN for people who are not detractors, and for everyone when no
 * spread is known.
 */
export function detractorReach(flags: ArrayLike<number>, spread: ArrayLike<number> | null | undefined): Float64Array {
  const n = flags.length;
  if (spread && spread.length !== n)
    throw new InvalidOptionsError('detractorReach', 'spread must hold one value per person');
  const reach = new Float64Array(n).fill(NaN);
  if (spread) for (let i = 0; i < n; i++) if (flags[i] === 1) reach[i] = spread[i];
  return reach;
}
