import { InvalidOptionsError } from '../../errors.ts';
import type { Snapshot } from '../../snapshot.ts';

/**
 * The signed ratings of a snapshot, held twice in compressed rows as the reputation algorithms read them:
 * - by ratee ("received"): the ratings a person got, with the rater of each;
 * - by rater ("given"): the ratings a person gave, with the ratee of each.
 *
 * A snapshot stores a rating on the influence edge ratee -> rater (the listener rates the speaker, graph/model.ts), so
 * a person's received ratings are their out-edges that carry a rating and their given ratings their in-edges that
 * carry one. Edges without a rating (NaN) are not ratings and are left out. Ratings are copied to Float64 once so that
 * the iterations accumulate in double precision.
 *
 * A rating is identified by its position in "given" order (rater by rater, ratees ascending): `givenRater[k]` rated
 * `givenRatee[k]` with `givenRating[k]`, and `givenToReceived[k]` is the same rating's position in "received" order.
 */
export interface RatingGraph {
  readonly nodeCount: number;
  readonly ratingCount: number;
  readonly receivedOffsets: Int32Array;
  readonly receivedRater: Int32Array;
  readonly receivedRating: Float64Array;
  readonly givenOffsets: Int32Array;
  readonly givenRater: Int32Array;
  readonly givenRatee: Int32Array;
  readonly givenRating: Float64Array;
  readonly givenToReceived: Int32Array;
}

/** The ratings carried by a snapshot's relationships; a snapshot without ratings gives an empty rating graph. */
export function ratingGraph(snapshot: Snapshot): RatingGraph {
  const n = snapshot.nodeCount;
  const { outOffsets, outTargets, outRatings, inOffsets, inSources, inRatings } = snapshot;
  if (outRatings === null || inRatings === null) return emptyRatings(n);

  const receivedOffsets = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    let count = 0;
    for (let k = outOffsets[v]; k < outOffsets[v + 1]; k++) if (!Number.isNaN(outRatings[k])) count++;
    receivedOffsets[v + 1] = receivedOffsets[v] + count;
  }
  const m = receivedOffsets[n];
  const receivedRater = new Int32Array(m);
  const receivedRating = new Float64Array(m);
  for (let v = 0, at = 0; v < n; v++) {
    for (let k = outOffsets[v]; k < outOffsets[v + 1]; k++) {
      const rating = outRatings[k];
      if (Number.isNaN(rating)) continue;
      checkRating(rating, snapshot, outTargets[k], v);
      receivedRater[at] = outTargets[k];
      receivedRating[at++] = rating;
    }
  }

  const givenOffsets = new Int32Array(n + 1);
  const givenRater = new Int32Array(m);
  const givenRatee = new Int32Array(m);
  const givenRating = new Float64Array(m);
  const givenToReceived = new Int32Array(m);
  // Raters are visited in increasing index order and each received row lists its raters ascending, so a cursor per
  // ratee finds every rating's received position without a search.
  const cursor = receivedOffsets.slice(0, n);
  let at = 0;
  for (let u = 0; u < n; u++) {
    for (let k = inOffsets[u]; k < inOffsets[u + 1]; k++) {
      const rating = inRatings[k];
      if (Number.isNaN(rating)) continue;
      const v = inSources[k];
      givenRater[at] = u;
      givenRatee[at] = v;
      givenRating[at] = rating;
      givenToReceived[at++] = cursor[v]++;
    }
    givenOffsets[u + 1] = at;
  }
  return {
    nodeCount: n,
    ratingCount: m,
    receivedOffsets,
    receivedRater,
    receivedRating,
    givenOffsets,
    givenRater,
    givenRatee,
    givenRating,
    givenToReceived,
  };
}

/** The same ratings without the one at given position `held` (leave-one-out by recomputation, for reference). */
export function withoutRating(ratings: RatingGraph, held: number): RatingGraph {
  const { nodeCount: n, ratingCount: m } = ratings;
  if (!Number.isInteger(held) || held < 0 || held >= m)
    throw new InvalidOptionsError('withoutRating', `no rating at position ${held}`);
  const heldReceived = ratings.givenToReceived[held];
  const rater = ratings.givenRater[held];
  const ratee = ratings.givenRatee[held];
  const drop = <T extends Int32Array | Float64Array>(values: T, position: number): T => {
    const out = new (values.constructor as { new (length: number): T })(m - 1);
    out.set(values.subarray(0, position) as T);
    out.set(values.subarray(position + 1) as T, position);
    return out;
  };
  const shift = (offsets: Int32Array, row: number): Int32Array => {
    const out = offsets.slice();
    for (let i = row + 1; i <= n; i++) out[i]--;
    return out;
  };
  const givenToReceived = drop(ratings.givenToReceived, held);
  for (let k = 0; k < givenToReceived.length; k++) if (givenToReceived[k] > heldReceived) givenToReceived[k]--;
  return {
    nodeCount: n,
    ratingCount: m - 1,
    receivedOffsets: shift(ratings.receivedOffsets, ratee),
    receivedRater: drop(ratings.receivedRater, heldReceived),
    receivedRating: drop(ratings.receivedRating, heldReceived),
    givenOffsets: shift(ratings.givenOffsets, rater),
    givenRater: drop(ratings.givenRater, held),
    givenRatee: drop(ratings.givenRatee, held),
    givenRating: drop(ratings.givenRating, held),
    givenToReceived,
  };
}

/** Position in given order of the rating `rater` gave `ratee`, or -1 when there is none (a binary search). */
export function findRating(ratings: RatingGraph, rater: number, ratee: number): number {
  let low = ratings.givenOffsets[rater];
  let high = ratings.givenOffsets[rater + 1] - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = ratings.givenRatee[middle];
    if (found === ratee) return middle;
    if (found < ratee) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

function emptyRatings(n: number): RatingGraph {
  return {
    nodeCount: n,
    ratingCount: 0,
    receivedOffsets: new Int32Array(n + 1),
    receivedRater: new Int32Array(0),
    receivedRating: new Float64Array(0),
    givenOffsets: new Int32Array(n + 1),
    givenRater: new Int32Array(0),
    givenRatee: new Int32Array(0),
    givenRating: new Float64Array(0),
    givenToReceived: new Int32Array(0),
  };
}

// The convergence proof (fairness-goodness.ts) needs |w| <= 1; the importers scale ratings there, a store could not.
function checkRating(rating: number, snapshot: Snapshot, rater: number, ratee: number): void {
  if (!(rating >= -1 && rating <= 1)) {
    throw new InvalidOptionsError(
      'reputation',
      `rating ${rating} of "${snapshot.ids.idOf(ratee)}" by "${snapshot.ids.idOf(rater)}" is outside [-1, 1]`,
    );
  }
}
