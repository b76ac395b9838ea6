import { reach } from '../../algorithms/reach.ts';
import { defineFamily } from '../family.ts';

export const reachFamily = defineFamily({
  id: 'reach',
  label: 'Reach',
  description: 'How many people a person reaches directly and within two hops.',
  reference: 'HyperLogLog: Flajolet, Fusy, Gandouet and Meunier, 2007 (for two-hop reach above the exact limit)',
  defaults: { exactLimit: 2 ** 15, hllPrecision: 12, hubDegree: 128 },
  scores: [
    {
      column: 'audience',
      label: 'Audience',
      description: 'People this person directly influences (who follow or trust them).',
      unit: 'people',
      kind: 'integer',
      explanation: 'A count of direct relationships.',
    },
    {
      column: 'reach2',
      label: 'Two-hop reach',
      description: 'Distinct people within two hops: the audience and their audiences.',
      unit: 'people',
      kind: 'integer',
      explanation:
        'Exact when the two-hop walk is small; otherwise a HyperLogLog estimate (1.6% relative standard error).',
    },
  ],
  compute({ snapshot, options, signal, onProgress, summary }) {
    const result = reach(snapshot, { ...options, signal, onProgress });
    summary.reach2Estimated = result.estimatedCount;
    summary.reach2RelativeError = result.relativeError;
    return { audience: result.audience, reach2: result.reach2 };
  },
});
