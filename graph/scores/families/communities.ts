import { DEFAULTS, detectCommunities } from '../../algorithms/communities.ts';
import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

// The score set's seed replaces the algorithm's.
const { seed: _seed, ...defaults } = DEFAULTS;

export const communitiesFamily = defineFamily({
  ...DECLARATIONS.communities,
  defaults,
  compute({ snapshot, options, seed, summary }) {
    const result = detectCommunities(snapshot, { ...options, seed });
    summary.communities = result.count;
    summary.modularity = result.modularity;
    return { community: Float64Array.from(result.community) };
  },
});
