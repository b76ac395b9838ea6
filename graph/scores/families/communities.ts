import { detectCommunities } from '../../algorithms/communities.ts';
import { defineFamily } from '../family.ts';

export const communitiesFamily = defineFamily({
  id: 'communities',
  label: 'Communities',
  description: 'Groups of people more tightly connected to each other than to the rest (Louvain, seeded).',
  reference: 'Blondel, Guillaume, Lambiotte and Lefebvre, "Fast unfolding of communities in large networks", 2008',
  defaults: { resolution: 1, weighted: true, threshold: 1e-7 },
  scores: [
    {
      column: 'community',
      label: 'Community',
      description: 'Community number, 0 for the largest community, 1 for the next, and so on.',
      unit: 'id',
      kind: 'category',
      explanation: 'Louvain modularity maximisation on the undirected network.',
    },
  ],
  figures: {
    communities: { label: 'Communities', kind: 'count' },
    modularity: { label: 'Modularity', kind: 'decimal' },
  },
  compute({ snapshot, options, seed, summary }) {
    const result = detectCommunities(snapshot, { ...options, seed });
    summary.communities = result.count;
    summary.modularity = result.modularity;
    return { community: Float64Array.from(result.community) };
  },
});
