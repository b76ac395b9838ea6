import { InvalidOptionsError } from '../../errors.ts';
import { checkNumber, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';

/** One rating behind a person's reputation. */
export interface ReputationRating {
  /** The rater's person index. */
  rater: number;
  /** The rating they gave, in [-1, 1]. */
  rating: number;
  /** How reliable the rater's ratings are, in [0, 1]. */
  raterFairness: number;
  /** raterFairness x rating / (ratings received): the rating's term in the reputation, which these sum to. */
  contribution: number;
}

export interface ReputationExplanation {
  /** Goodness in [-1, 1]; null when nobody rated the person. */
  reputation: number | null;
  /** The person's own fairness as a rater; null when they rated nobody. */
  fairness: number | null;
  ratingsReceived: number;
  ratingsGiven: number;
  /** The ratings that weigh most (largest |contribution| first), at most `limit`. */
  ratings: ReputationRating[];
  /** Sum of the contributions of the ratings beyond `limit`. */
  otherContribution: number;
}

/**
 * Why a person has the reputation they have: goodness is the mean of fairness x rating over the ratings they received
 * (Kumar et al. 2016), so each rating's term, and who gave it with how fair a rater they are, is the explanation. A
 * glowing rating from an unfair rater counts for little; a complaint from a fair one counts fully.
 *
 * `fairness` and `goodness` are the score columns (`fairness`, `reputation`) computed on this snapshot; the terms
 * then add up to the reputation exactly.
 */
export function explainReputation(
  snapshot: Snapshot,
  scores: { fairness: ArrayLike<number>; goodness: ArrayLike<number> },
  person: number,
  options?: { limit?: number },
): ReputationExplanation {
  const where = 'explainReputation';
  const o = withDefaults({ limit: 20 }, options, where);
  const limit = checkNumber(where, 'limit', o.limit, { min: 0, integer: true });
  const n = snapshot.nodeCount;
  if (!Number.isInteger(person) || person < 0 || person >= n)
    throw new InvalidOptionsError(where, `person index ${person} is outside 0..${n - 1}`);
  if (scores.fairness.length !== n || scores.goodness.length !== n) {
    throw new InvalidOptionsError(where, `scores must hold one fairness and one goodness per person (${n})`);
  }
  const { outOffsets, outTargets, outRatings, inOffsets, inRatings } = snapshot;

  // Received ratings sit on the person's out-edges (the listener rates the speaker), given ones on their in-edges.
  const received: Array<{ rater: number; rating: number }> = [];
  if (outRatings) {
    for (let k = outOffsets[person]; k < outOffsets[person + 1]; k++) {
      if (!Number.isNaN(outRatings[k])) received.push({ rater: outTargets[k], rating: outRatings[k] });
    }
  }
  let ratingsGiven = 0;
  if (inRatings)
    for (let k = inOffsets[person]; k < inOffsets[person + 1]; k++) if (!Number.isNaN(inRatings[k])) ratingsGiven++;

  const ratings = received.map(({ rater, rating }) => {
    const raterFairness = scores.fairness[rater];
    return { rater, rating, raterFairness, contribution: (raterFairness * rating) / received.length };
  });
  ratings.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.rater - b.rater);
  const shown = ratings.slice(0, limit);
  const otherContribution = ratings.slice(limit).reduce((sum, r) => sum + r.contribution, 0);
  const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);
  return {
    reputation: orNull(scores.goodness[person]),
    fairness: orNull(scores.fairness[person]),
    ratingsReceived: received.length,
    ratingsGiven,
    ratings: shown,
    otherContribution,
  };
}
