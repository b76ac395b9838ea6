import { DEFAULT_DETRACTOR_THRESHOLD, detractorFlags, detractorReach } from '../../algorithms/reputation/detractors.ts';
import { DEFAULTS, fairnessGoodness } from '../../algorithms/reputation/fairness-goodness.ts';
import { checkNumber } from '../../options.ts';
import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

/**
 * Reputation from signed ratings (Fairness and Goodness), detractors and how far their complaints would travel.
 * `detractor_reach` reads the `spread` column of the value family (expected reach of a person's message under the
 * default diffusion model); where that column is absent it is NaN for everyone.
 */
export const reputationFamily = defineFamily({
  ...DECLARATIONS.reputation,
  dependsOn: ['value'],
  defaults: { ...DEFAULTS, detractorThreshold: DEFAULT_DETRACTOR_THRESHOLD },
  compute({ snapshot, options, signal, columns, summary }) {
    const { detractorThreshold, ...iteration } = options;
    const threshold = checkNumber('reputation scores', 'detractorThreshold', detractorThreshold, { min: -1, max: 1 });
    const result = fairnessGoodness(snapshot, { ...iteration, signal });
    summary.reputationIterations = result.iterations;
    summary.reputationChange = result.change;
    summary.reputationConverged = result.converged;
    const flags = detractorFlags(result.goodness, snapshot.attributes.sentiment, { threshold });
    let detractors = 0;
    for (const flag of flags) detractors += flag;
    summary.detractors = detractors;
    return {
      reputation: result.goodness,
      fairness: result.fairness,
      detractor: flags,
      detractor_reach: detractorReach(flags, columns.spread),
    };
  },
});
