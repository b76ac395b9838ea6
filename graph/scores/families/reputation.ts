import { DEFAULT_DETRACTOR_THRESHOLD, detractorFlags, detractorReach } from '../../algorithms/reputation/detractors.ts';
import { fairnessGoodness } from '../../algorithms/reputation/fairness-goodness.ts';
import { checkNumber } from '../../options.ts';
import { defineFamily } from '../family.ts';

/**
 * Reputation from signed ratings (Fairness and Goodness), detractors and how far their complaints would travel.
 * `detractor_reach` reads the `spread` column of the value family (expected reach of a person's message under the
 * default diffusion model); where that column is absent it is NaN for everyone.
 */
export const reputationFamily = defineFamily({
  id: 'reputation',
  label: 'Reputation',
  description: 'Trust propagated over signed ratings: a person is reputable when fair raters rate them well.',
  reference:
    'Kumar, Spezzano, Subrahmanian and Faloutsos, "Edge weight prediction in weighted signed networks", ICDM 2016 (Fairness and Goodness)',
  dependsOn: ['value'],
  defaults: { tolerance: 1e-10, maxIterations: 200, detractorThreshold: DEFAULT_DETRACTOR_THRESHOLD },
  scores: [
    {
      column: 'reputation',
      label: 'Reputation',
      description:
        "Goodness: the mean rating a person received, each rating weighted by its rater's fairness; empty when nobody rated them.",
      unit: 'rating',
      range: [-1, 1],
      kind: 'float',
      explanation:
        "The ratings they received, each with its rater's fairness: a fair rater's rating counts fully (see explainReputation).",
    },
    {
      column: 'fairness',
      label: 'Fairness',
      description:
        "How reliable a person's ratings are: 1 when they always agree with the consensus on whom they rate; empty when they rated nobody.",
      unit: 'reliability',
      range: [0, 1],
      kind: 'float',
      explanation:
        'One minus half the mean distance between their ratings and the reputations of the people they rated.',
    },
    {
      column: 'detractor',
      label: 'Detractor',
      description: 'Reputation or brand sentiment below the detractor threshold (default -0.2).',
      unit: 'yes/no',
      range: [0, 1],
      kind: 'boolean',
      higherIsBetter: false,
      explanation:
        'Whether their reputation or their sentiment toward the business is below the threshold; unknown counts as no.',
    },
    {
      column: 'detractor_reach',
      label: 'Detractor reach',
      description:
        'For a detractor, the expected number of people their message reaches, themself included, under the default diffusion model.',
      unit: 'people',
      kind: 'float',
      higherIsBetter: false,
      explanation: 'The spread of a message they start (value family); empty for people who are not detractors.',
    },
  ],
  compute({ snapshot, options, signal, columns, summary }) {
    const { detractorThreshold, ...iteration } = options;
    const threshold = checkNumber('scores.reputation', 'detractorThreshold', detractorThreshold, { min: -1, max: 1 });
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
