import { COMMUNITY_DEFAULTS, detectCommunities } from '../../algorithms/communities.ts';
import { defineFamily } from '../family.ts';

const { seed: _seed, ...defaults } = COMMUNITY_DEFAULTS;

export const communitiesFamily = defineFamily({
  id: 'communities',
  label: 'Communities',
  description:
    'Groups of people more tightly connected to each other than to the rest (Leiden by default, or Louvain; seeded).',
  reference:
    'Traag, Waltman and van Eck, "From Louvain to Leiden: guaranteeing well-connected communities", 2019; Blondel, Guillaume, Lambiotte and Lefebvre, "Fast unfolding of communities in large networks", 2008',
  defaults,
  scores: [
    {
      column: 'community',
      label: 'Community',
      description: 'Community number, 0 for the largest community, 1 for the next, and so on.',
      unit: 'id',
      kind: 'category',
      explanation:
        'Modularity maximisation on the undirected network (Leiden, whose communities are always connected, or Louvain), at the chosen resolution.',
    },
  ],
  compute({ snapshot, options, seed, summary }) {
    const result = detectCommunities(snapshot, { ...options, seed });
    summary.communities = result.count;
    summary.modularity = result.modularity;
    return { community: Float64Array.from(result.community) };
  },
});
