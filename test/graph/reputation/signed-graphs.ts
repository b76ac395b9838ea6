import { Random } from '../../../graph/random.ts';
import { SnapshotBuilder, type Snapshot } from '../../../graph/snapshot.ts';

/**
 * A snapshot from ratings `[rater, ratee, rating]` as a signed CSV reads them ("rater rated ratee"): stored, as the
 * importer does with kind `trusts`, as the influence edge ratee -> rater carrying the rating. `plain` adds
 * relationships without a rating (source influences target).
 */
export function signedSnapshot(
  ratings: ReadonlyArray<readonly [string, string, number]>,
  plain: ReadonlyArray<readonly [string, string]> = [],
): Snapshot {
  const builder = new SnapshotBuilder();
  for (const [rater, ratee, rating] of ratings)
    builder.addRelationship({ source: ratee, target: rater, kind: 'trusts', weight: 1, rating });
  for (const [source, target] of plain) builder.addRelationship({ source, target, kind: 'influences', weight: 1 });
  return builder.build();
}

/**
 * A random signed rating graph shaped like a trade network: ratings mostly small and positive, a few strongly
 * negative, on a grid of 0.1 as Bitcoin OTC's integer ratings scaled to [-1, 1]; popular people get more ratings.
 */
export function randomSignedRatings(people: number, ratings: number, seed: number): Array<[string, string, number]> {
  const random = new Random(seed);
  const seen = new Set<string>();
  const out: Array<[string, string, number]> = [];
  while (out.length < ratings) {
    const rater = random.nextInt(people);
    // Squaring a uniform favours low indices: a few people are rated often.
    const ratee = Math.floor(random.next() ** 2 * people);
    if (rater === ratee || seen.has(`${rater} ${ratee}`)) continue;
    seen.add(`${rater} ${ratee}`);
    const rating = random.next() < 0.15 ? -Math.ceil(random.next() * 10) : Math.ceil(random.next() ** 3 * 10);
    out.push([`p${rater}`, `p${ratee}`, rating / 10]);
  }
  return out;
}

/** The small signed graph whose fixed point fairness-goodness.test.ts computes by hand (rater, ratee, rating). */
export const HAND_EXAMPLE = [
  ['A', 'C', 1],
  ['B', 'C', 0],
  ['D', 'C', -1],
  ['A', 'B', 0.5],
] as const;
