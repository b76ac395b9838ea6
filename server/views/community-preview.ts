import { detectCommunities, type CommunityMethod } from '../../graph/algorithms/communities.ts';
import type { CachedView } from '../cache/graph-cache.ts';

/**
 * How many communities a resolution gives on the graph as it is (without publishing anything): what the communities
 * screen shows beside its resolution control before anyone re-scores. Seeded like scoring, so the count is the one a
 * re-scoring with the same seed publishes.
 */
export function previewCommunities(
  view: CachedView,
  options: { method: CommunityMethod; resolution: number; seed: number },
): { communities: number; modularity: number; largest: number } {
  const found = detectCommunities(view.graph.snapshot, options);
  return { communities: found.count, modularity: found.modularity, largest: found.sizes[0] ?? 0 };
}
