import { InvalidOptionsError, throwIfAborted } from '../../errors.ts';
import { checkNumber, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import { ratingGraph, type RatingGraph } from './ratings.ts';

/**
 * Fairness and Goodness (Kumar, Spezzano, Subrahmanian and Faloutsos, "Edge weight prediction in weighted signed
 * networks", ICDM 2016). With w(u,v) in [-1, 1] the rating u gave v:
 *
 *   goodness g(v) = mean over the raters u of v of f(u) w(u,v)           (how well v is rated, by fair raters)
 *   fairness f(u) = 1 - mean over the people v u rated of |w(u,v) - g(v)| / 2   (how close u's ratings are to consensus)
 *
 * Iteration (as the authors' code does): g from f, then f from that g. Why it converges to one fixed point whatever the
 * start: write G for the goodness step and F for the fairness step. Since |w| <= 1, |G(f) - G(f')| <= max|f - f'| per
 * person, and since | |w-a| - |w-b| | <= |a-b|, |F(g) - F(g')| <= max|g - g'| / 2. So H = F o G halves sup-norm
 * distances: a contraction with factor 1/2, which by Banach's theorem has exactly one fixed point f*, reached from any
 * finite start, the error at least halving each iteration. Stopping once the largest fairness change c is at most
 * `tolerance` bounds the error: |f - f*| <= c (from |f_t+1 - f*| <= |f_t - f*| / 2 <= (|f_t - f_t+1| + |f_t+1 - f*|) / 2),
 * and the goodness returned, G of that final f, is within c of g* too.
 *
 * People nobody rated have no goodness (NaN, not 0: there is no evidence either way) and people who rated nobody have
 * no fairness (NaN: nothing says whether their ratings are fair). The paper's code keeps its starting values for them
 * (fairness 1, goodness 0); predictions use those as fallbacks (`predictRating`). Stopping differs from that code's
 * (sum of changes below 1e-6) by using the largest change, which gives the error bound above.
 */
export interface FairnessGoodnessOptions {
  /** Stop when no fairness changed by more than this in an iteration; then every score is within it of the fixed point. Default 1e-10. */
  tolerance?: number;
  /** Iterations at most; the error halves each one, so the default 200 is never reached from a start in [0, 1]. */
  maxIterations?: number;
  /** Starting fairness: one value for everyone or one per person (finite). Default 1, the paper's start. */
  initialFairness?: number | ArrayLike<number>;
  signal?: AbortSignal;
}

export interface FairnessGoodnessResult {
  /** Per person in [0, 1]; NaN for people who rated nobody. */
  fairness: Float64Array;
  /** Per person in [-1, 1]; NaN for people nobody rated. */
  goodness: Float64Array;
  iterations: number;
  /** The largest fairness change of the last iteration: the bound on every score's distance to the fixed point. */
  change: number;
  converged: boolean;
}

const DEFAULTS = {
  tolerance: 1e-10,
  maxIterations: 200,
  initialFairness: 1 as number | ArrayLike<number>,
  signal: undefined as AbortSignal | undefined,
};

export function fairnessGoodness(snapshot: Snapshot, options?: FairnessGoodnessOptions): FairnessGoodnessResult {
  return fairnessGoodnessOfRatings(ratingGraph(snapshot), options);
}

export function fairnessGoodnessOfRatings(
  ratings: RatingGraph,
  options?: FairnessGoodnessOptions,
): FairnessGoodnessResult {
  const where = 'fairnessGoodness';
  const o = withDefaults(DEFAULTS, options, where);
  const tolerance = checkNumber(where, 'tolerance', o.tolerance, { min: 0, exclusiveMin: true });
  const maxIterations = checkNumber(where, 'maxIterations', o.maxIterations, { min: 1, integer: true });
  const n = ratings.nodeCount;
  const { givenOffsets, givenRatee, givenRating } = ratings;

  const fairness = startingFairness(ratings, o.initialFairness, where);
  const goodness = new Float64Array(n);
  let change = Infinity;
  let iterations = 0;
  while (iterations < maxIterations) {
    if ((iterations & 7) === 0) throwIfAborted(o.signal);
    goodnessStep(ratings, fairness, goodness);
    change = 0;
    for (let u = 0; u < n; u++) {
      const start = givenOffsets[u];
      const end = givenOffsets[u + 1];
      if (start === end) continue;
      let distance = 0;
      for (let k = start; k < end; k++) distance += Math.abs(givenRating[k] - goodness[givenRatee[k]]);
      const next = 1 - distance / (2 * (end - start));
      const delta = Math.abs(next - fairness[u]);
      if (delta > change) change = delta;
      fairness[u] = next;
    }
    iterations++;
    if (change <= tolerance) break;
  }
  goodnessStep(ratings, fairness, goodness);
  return { fairness, goodness, iterations, change, converged: change <= tolerance };
}

/** g = G(f): each rated person's mean of fairness-weighted ratings; NaN for people nobody rated. */
function goodnessStep(ratings: RatingGraph, fairness: Float64Array, goodness: Float64Array): void {
  const { receivedOffsets, receivedRater, receivedRating } = ratings;
  for (let v = 0; v < ratings.nodeCount; v++) {
    const start = receivedOffsets[v];
    const end = receivedOffsets[v + 1];
    if (start === end) {
      goodness[v] = NaN;
      continue;
    }
    let sum = 0;
    for (let k = start; k < end; k++) sum += fairness[receivedRater[k]] * receivedRating[k];
    goodness[v] = sum / (end - start);
  }
}

function startingFairness(ratings: RatingGraph, initial: number | ArrayLike<number>, where: string): Float64Array {
  const n = ratings.nodeCount;
  const fairness = new Float64Array(n);
  if (typeof initial === 'number') {
    if (!Number.isFinite(initial)) throw new InvalidOptionsError(where, '"initialFairness" must be a finite number');
    fairness.fill(initial);
  } else {
    if (initial === null || typeof initial !== 'object' || initial.length !== n) {
      throw new InvalidOptionsError(where, `"initialFairness" must be a number or one value per person (${n})`);
    }
    for (let u = 0; u < n; u++) {
      if (!Number.isFinite(initial[u]))
        throw new InvalidOptionsError(where, `"initialFairness" value ${u} must be finite`);
      fairness[u] = initial[u];
    }
  }
  // People who rated nobody have no fairness; their starting value is never read (nobody's goodness depends on it).
  for (let u = 0; u < n; u++) if (ratings.givenOffsets[u] === ratings.givenOffsets[u + 1]) fairness[u] = NaN;
  return fairness;
}

export interface PredictRatingOptions {
  /** Fairness assumed for a rater who rated nobody else: the paper's starting fairness, 1. */
  unknownFairness?: number;
  /** Goodness assumed for a ratee nobody else rated: the paper's code starts such people at 0. */
  unknownGoodness?: number;
}

export const PREDICT_DEFAULTS = { unknownFairness: 1, unknownGoodness: 0 };

/** Validated fallbacks for `predictRating` (and leave-one-out, which uses the same). */
export function predictOptions(
  options: PredictRatingOptions | undefined,
  where: string,
): Required<PredictRatingOptions> {
  const o = withDefaults(PREDICT_DEFAULTS, options, where);
  checkNumber(where, 'unknownFairness', o.unknownFairness, { min: 0, max: 1 });
  checkNumber(where, 'unknownGoodness', o.unknownGoodness, { min: -1, max: 1 });
  return o;
}

/**
 * The rating `rater` would give `ratee` as the paper predicts it: f(rater) g(ratee), in [-1, 1]. A fair rater
 * rates a person as the consensus does; an unfair one's ratings say little, so the prediction shrinks toward 0.
 */
export function predictRating(
  scores: Pick<FairnessGoodnessResult, 'fairness' | 'goodness'>,
  rater: number,
  ratee: number,
  options?: PredictRatingOptions,
): number {
  const o = predictOptions(options, 'predictRating');
  for (const [name, index] of [
    ['rater', rater],
    ['ratee', ratee],
  ] as const) {
    if (!Number.isInteger(index) || index < 0 || index >= scores.fairness.length) {
      throw new InvalidOptionsError(
        'predictRating',
        `"${name}" must be a person index in 0..${scores.fairness.length - 1}`,
      );
    }
  }
  return fallbackProduct(scores.fairness[rater], scores.goodness[ratee], o);
}

export function fallbackProduct(fairness: number, goodness: number, o: Required<PredictRatingOptions>): number {
  return (
    (Number.isNaN(fairness) ? o.unknownFairness : fairness) * (Number.isNaN(goodness) ? o.unknownGoodness : goodness)
  );
}
