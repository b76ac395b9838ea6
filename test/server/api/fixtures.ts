import type { GraphStore } from '../../../server/stores/contract.ts';
import { batchesOf } from './harness.ts';

/**
 * A star: Ann influences Bob and Cat (both follow her), and Dan is on his own. Hand-computed PageRank on the attention
 * graph (Bob -> Ann, Cat -> Ann; Ann and Dan dangle), d = 0.85, n = 4:
 *   r_B = r_C = 0.15/4 + 0.85 (r_A + r_D)/4, r_D = r_B, r_A = r_B + 0.85 (r_B + r_C)
 *   => r_B = r_C = r_D = x, r_A = 2.7x, 5.7x = 1: x = 10/57, r_A = 27/57.
 * Ann's explanation: Bob and Cat each pass 0.85 x / 1 (each listens to one person): share 0.85 x / 2.7x = 8.5/27 each;
 * the rest, 10/27, is the baseline (random jump and dangling mass).
 */
export const STAR = {
  people: [
    {
      id: 'ann',
      label: 'Ann Example',
      handle: 'annex',
      segment: 'enthusiast',
      customer: true,
      clv: 500,
      sentiment: 0.8,
    },
    { id: 'bob', label: 'Bob Example', handle: 'bobex', customer: true, clv: 200, sentiment: 0.1 },
    { id: 'cat', label: 'Cat Example', handle: 'catex', customer: false, clv: 50, sentiment: -0.5 },
    { id: 'dan', label: 'Dan Example', handle: 'danex' },
  ],
  relationships: [
    { source: 'ann', target: 'bob', kind: 'follows' as const, weight: 1 },
    { source: 'ann', target: 'cat', kind: 'follows' as const, weight: 1 },
  ],
  pagerank: { ann: 27 / 57, bob: 10 / 57, cat: 10 / 57, dan: 10 / 57 },
  annShareFromEach: 8.5 / 27,
  annBaseline: 10 / 27,
};

export async function seedStar(store: GraphStore): Promise<void> {
  await store.importBatches(batchesOf({ people: STAR.people, relationships: STAR.relationships }), {
    source: 'star fixture',
  });
}
