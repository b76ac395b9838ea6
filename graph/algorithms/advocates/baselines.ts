import type { SelectionRules } from './max-coverage.ts';

/**
 * The advocates a ranking alone would pick under the same rules as the selection: the must-include people first, then
 * the highest-ranked people who may be chosen (ties by person index), skipping anyone whose community is at its cap.
 */
export function topRanked(scores: ArrayLike<number>, rules: SelectionRules): Int32Array {
  const n = rules.eligible.length;
  const chosen: number[] = [...rules.mustInclude];
  const isChosen = new Uint8Array(n);
  for (const v of chosen) isChosen[v] = 1;
  const perCommunity = new Map<number, number>();
  const community = rules.community;
  const capped = community !== null && Number.isFinite(rules.capPerCommunity);
  if (capped)
    for (const v of chosen)
      if (community![v] >= 0) perCommunity.set(community![v], (perCommunity.get(community![v]) ?? 0) + 1);
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((v) => rules.eligible[v] === 1 && isChosen[v] === 0)
    .sort((a, b) => (scores[b] || 0) - (scores[a] || 0) || a - b);
  for (const v of order) {
    if (chosen.length >= rules.k) break;
    if (capped && community![v] >= 0) {
      const used = perCommunity.get(community![v]) ?? 0;
      if (used >= rules.capPerCommunity) continue;
      perCommunity.set(community![v], used + 1);
    }
    chosen.push(v);
  }
  return Int32Array.from(chosen);
}
