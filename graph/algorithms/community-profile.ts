import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';

/**
 * What the members of each community share, and a short name a person can read ("enthusiast · North · forum").
 *
 * For a category k of an attribute (a segment, a region, a channel, a customer status), in a community c of size n_c:
 *   share_c(k) = members of c with k / n_c          networkShare(k) = people with k / N
 *   lift_c(k)  = share_c(k) / networkShare(k)
 * (a person whose value is unknown counts as not having k, on both sides). k *stands out* in c when all three hold:
 * - lift ≥ minLift (default 1.5): members have it half again as often as the network does, a difference a reader
 *   notices;
 * - share ≥ minShare (default 0.4): enough members have it for it to describe the group rather than a minority in it;
 * - the count is at least minSigma (default 3) standard deviations above what a random group of n_c people would hold,
 *   n_c · p ± √(n_c · p (1 − p)) with p = networkShare(k) (the binomial approximation): small communities reach high
 *   lifts by chance, and with a dozen communities and a few dozen categories, 3σ leaves well under one spurious trait
 *   in all (one-sided tail 0.13%).
 * The name joins the attribute's most lifted standing-out category for at most maxParts attributes (the most lifted
 * first chosen, then written in the order the attributes were given); when nothing stands out it is "<most influential
 * member>'s circle". A name that two communities would share gets the most influential member in parentheses.
 * Everything is deterministic: ties go to the smaller code, the smaller person index and the smaller community id.
 */

export interface CategoryColumn {
  /** What the attribute is, for the reason shown: "segment", "region", "channel", "status". */
  attribute: string;
  /** The words for each code, as they appear in names: labels[code]. */
  labels: readonly string[];
  /**
   * The category code of each person by snapshot index, −1 where unknown; or, with `offsets`, every category of
   * person i as codes[offsets[i]..offsets[i + 1]) (several channels per person).
   */
  codes: Int32Array;
  offsets?: Int32Array;
}

export interface CommunityTrait {
  attribute: string;
  category: string;
  /** Members holding it. */
  members: number;
  share: number;
  networkShare: number;
  lift: number;
}

export interface CommunityProfile {
  community: number;
  size: number;
  name: string;
  /** Whether the name comes from shared traits or from the most influential member. */
  namedBy: 'traits' | 'leader';
  /** The categories that stand out, most lifted first. */
  traits: CommunityTrait[];
  /** The most influential members (snapshot indices), most influential first. */
  leaders: number[];
}

export interface CommunityProfileOptions {
  /** The columns to describe communities by, in the order names are written. */
  categories?: readonly CategoryColumn[];
  /** A person's influence by snapshot index (e.g. the influence score); ranks leaders. Default: none (by index). */
  influence?: ArrayLike<number> | null;
  /** How a person is named in "<name>'s circle". Default: "person <index>". */
  personName?: (index: number) => string;
  /** Leaders to list per community. Default 3. */
  leaders?: number;
  minLift?: number;
  minShare?: number;
  minSigma?: number;
  /** Categories in a name at most. Default 3. */
  maxParts?: number;
}

export const COMMUNITY_PROFILE_DEFAULTS: Required<CommunityProfileOptions> = {
  categories: [],
  influence: null,
  personName: (index) => `person ${index}`,
  leaders: 3,
  minLift: 1.5,
  minShare: 0.4,
  minSigma: 3,
  maxParts: 3,
};

/** Profiles of communities 0..count-1 (`community` gives each person's, by snapshot index), in id order. */
export function profileCommunities(
  community: ArrayLike<number>,
  options?: CommunityProfileOptions,
): CommunityProfile[] {
  const where = 'community profiles';
  const o = withDefaults(COMMUNITY_PROFILE_DEFAULTS, options, where);
  checkNumber(where, 'leaders', o.leaders, { min: 0, max: 100, integer: true });
  checkNumber(where, 'minLift', o.minLift, { min: 1 });
  checkNumber(where, 'minShare', o.minShare, { min: 0, max: 1 });
  checkNumber(where, 'minSigma', o.minSigma, { min: 0 });
  checkNumber(where, 'maxParts', o.maxParts, { min: 1, integer: true });
  const n = community.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = community[i];
    if (!(Number.isInteger(c) && c >= 0))
      throw new InvalidOptionsError(where, `person ${i} has no community (got ${c})`);
    if (c + 1 > count) count = c + 1;
  }
  if (o.influence && o.influence.length !== n)
    throw new InvalidOptionsError(where, `"influence" has ${o.influence.length} values for ${n} people`);
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) sizes[community[i]]++;

  const traits: CommunityTrait[][] = Array.from({ length: count }, () => []);
  const chosen: Array<Array<{ column: number; trait: CommunityTrait }>> = Array.from({ length: count }, () => []);
  o.categories.forEach((column, position) => {
    const counts = countCategories(column, community, count, where);
    const k = column.labels.length;
    for (let c = 0; c < count; c++) {
      let best: CommunityTrait | null = null;
      for (let code = 0; code < k; code++) {
        const trait = standsOut(
          counts[c * k + code],
          counts[count * k + code],
          sizes[c],
          n,
          column.attribute,
          column.labels[code],
          o,
        );
        if (!trait) continue;
        traits[c].push(trait);
        if (!best || trait.lift > best.lift) best = trait;
      }
      if (best) chosen[c].push({ column: position, trait: best });
    }
  });

  const leaders = topMembers(community, count, o.leaders > 0 ? o.leaders : 1, o.influence);
  const profiles: CommunityProfile[] = [];
  for (let c = 0; c < count; c++) {
    traits[c].sort(
      (a, b) => b.lift - a.lift || a.attribute.localeCompare(b.attribute) || a.category.localeCompare(b.category),
    );
    const parts = chosen[c]
      .sort((a, b) => b.trait.lift - a.trait.lift || a.column - b.column)
      .slice(0, o.maxParts)
      .sort((a, b) => a.column - b.column)
      .map((part) => part.trait.category);
    const top = leaders[c];
    const namedBy = parts.length > 0 ? 'traits' : 'leader';
    const name =
      parts.length > 0 ? parts.join(' · ') : top.length > 0 ? `${o.personName(top[0])}'s circle` : `community ${c}`;
    profiles.push({ community: c, size: sizes[c], name, namedBy, traits: traits[c], leaders: top.slice(0, o.leaders) });
  }
  disambiguate(profiles, o.personName);
  return profiles;
}

/**
 * Counts per (community, code), flat: counts[c · k + code]; the network's totals after them, at
 * counts[count · k + code].
 */
function countCategories(
  column: CategoryColumn,
  community: ArrayLike<number>,
  count: number,
  where: string,
): Int32Array {
  const n = community.length;
  const k = column.labels.length;
  const { codes, offsets } = column;
  if (offsets ? offsets.length !== n + 1 : codes.length !== n) {
    throw new InvalidOptionsError(where, `the "${column.attribute}" column does not have one entry per person (${n})`);
  }
  const counts = new Int32Array((count + 1) * k);
  for (let i = 0; i < n; i++) {
    const from = offsets ? offsets[i] : i;
    const to = offsets ? offsets[i + 1] : i + 1;
    for (let e = from; e < to; e++) {
      const code = codes[e];
      if (code === -1) continue;
      if (!(code >= 0 && code < k))
        throw new InvalidOptionsError(where, `"${column.attribute}" code ${code} of person ${i} has no label`);
      // A person listing a category twice holds it once.
      let repeated = false;
      for (let f = from; f < e && !repeated; f++) repeated = codes[f] === code;
      if (repeated) continue;
      counts[community[i] * k + code]++;
      counts[count * k + code]++;
    }
  }
  return counts;
}

/** The trait when `members` of a community of `size` hold a category that `total` of the network's `n` hold. */
function standsOut(
  members: number,
  total: number,
  size: number,
  n: number,
  attribute: string,
  category: string,
  o: Required<CommunityProfileOptions>,
): CommunityTrait | null {
  if (members === 0 || total === 0 || size === 0) return null;
  const share = members / size;
  const networkShare = total / n;
  const lift = share / networkShare;
  const expected = size * networkShare;
  const spread = Math.sqrt(size * networkShare * (1 - networkShare));
  if (lift < o.minLift || share < o.minShare || members - expected < o.minSigma * spread) return null;
  return { attribute, category, members, share, networkShare, lift };
}

/** The `k` most influential members of each community, most influential first (ties: smaller index first). */
function topMembers(
  community: ArrayLike<number>,
  count: number,
  k: number,
  influence: ArrayLike<number> | null,
): number[][] {
  const top: number[][] = Array.from({ length: count }, () => []);
  const value = (i: number) => {
    const v = influence ? influence[i] : 0;
    return Number.isFinite(v) ? v : -Infinity;
  };
  for (let i = 0; i < community.length; i++) {
    const list = top[community[i]];
    if (list.length === k && value(list[k - 1]) >= value(i)) continue;
    let at = list.length;
    while (at > 0 && value(list[at - 1]) < value(i)) at--;
    list.splice(at, 0, i);
    if (list.length > k) list.pop();
  }
  return top;
}

/** Names two communities would share get their most influential member, so each name points at one community. */
function disambiguate(profiles: CommunityProfile[], personName: (index: number) => string): void {
  const byName = new Map<string, CommunityProfile[]>();
  for (const profile of profiles) byName.set(profile.name, [...(byName.get(profile.name) ?? []), profile]);
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    for (const profile of same) {
      if (profile.leaders.length > 0) profile.name = `${name} (${personName(profile.leaders[0])})`;
      else profile.name = `${name} (community ${profile.community})`;
    }
  }
}
