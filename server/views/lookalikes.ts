import { findLookalikes, SIMILARITY_MEASURES, type SimilarityMeasure } from '../../graph/algorithms/similarity.ts';
import { formatQuantity } from '../../graph/scores/format.ts';
import type { CachedView } from '../cache/graph-cache.ts';

export { SIMILARITY_MEASURES };

export interface LookalikeRow {
  /** Snapshot index of the lookalike. */
  index: number;
  score: number;
  sharedListeners: number;
  sharedInfluencers: number;
  /** Why: "12 shared listeners, 3 shared influencers". */
  reason: string;
  /** Id of the person asked about that this one is most like. */
  closestTo: string;
}

/**
 * The people most like a person or a set (chosen advocates) by whom they influence and who influences them
 * (graph/algorithms/similarity.ts, on the cached graph), each with the reason in words. Ids the graph does not hold
 * are returned apart, so the caller can say which.
 */
export function lookalikesOf(
  view: CachedView,
  ids: readonly string[],
  options: { measure: SimilarityMeasure; k: number },
): { rows: LookalikeRow[]; unknown: string[] } {
  const { snapshot } = view.graph;
  const indices: number[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const index = snapshot.ids.indexOf(id);
    if (index < 0) unknown.push(id);
    else indices.push(index);
  }
  if (unknown.length > 0 || indices.length === 0) return { rows: [], unknown };
  const found = findLookalikes(snapshot, indices, { measure: options.measure, k: options.k });
  return {
    rows: found.map((l) => ({
      index: l.index,
      score: l.score,
      sharedListeners: l.sharedListeners,
      sharedInfluencers: l.sharedInfluencers,
      reason: reasonOf(l.sharedListeners, l.sharedInfluencers),
      closestTo: snapshot.ids.idOf(l.closestTo),
    })),
    unknown,
  };
}

/** "12 shared listeners, 3 shared influencers": what two people have in common, the larger first. */
export function reasonOf(listeners: number, influencers: number): string {
  const parts: Array<[number, string]> = [
    [listeners, formatQuantity(listeners, 'shared listener')],
    [influencers, formatQuantity(influencers, 'shared influencer')],
  ];
  return parts
    .filter(([count]) => count > 0)
    .sort((a, b) => b[0] - a[0])
    .map(([, text]) => text)
    .join(', ');
}
