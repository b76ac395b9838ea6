/**
 * The links of the communities overview worth drawing: a link between two communities is strong when it carries at
 * least `share` (default 15%) of either community's relationships with other communities, and every community keeps
 * its strongest link, so none floats unattached. With a dozen communities all linked to all, the overview then draws
 * the few links that say where each community's attention goes, not 66 lines of similar weight.
 */
export const STRONG_LINK_SHARE = 0.15;

export function strongLinks<T extends { a: number; b: number; links: number }>(
  pairs: readonly T[],
  externalLinks: ReadonlyMap<number, number>,
  share = STRONG_LINK_SHARE,
): T[] {
  const strongest = new Map<number, T>();
  for (const pair of pairs) {
    for (const end of [pair.a, pair.b]) {
      const best = strongest.get(end);
      if (!best || pair.links > best.links) strongest.set(end, pair);
    }
  }
  const kept = new Set<T>(strongest.values());
  for (const pair of pairs) {
    const outgoing = Math.min(externalLinks.get(pair.a) ?? Infinity, externalLinks.get(pair.b) ?? Infinity);
    if (pair.links >= share * outgoing) kept.add(pair);
  }
  return pairs.filter((pair) => kept.has(pair));
}
