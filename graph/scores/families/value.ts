import { networkValue } from '../../algorithms/diffusion/network-value.ts';
import type { DiffusionModel } from '../../algorithms/diffusion/probabilities.ts';
import { defineFamily } from '../family.ts';

/**
 * Customer network value: what a person is worth with the customers their word of mouth brings along. `spread` is
 * also what the reputation family's `detractor_reach` reads (dependsOn: ['value']), so the family id and that column
 * stay as they are.
 */
export const valueFamily = defineFamily({
  id: 'value',
  label: 'Customer value',
  description:
    "Lifetime value, network value (the value of the people a person's word of mouth reaches) and expected reach.",
  reference:
    'Domingos and Richardson, "Mining the network value of customers", KDD 2001; estimated with reverse-reachable sets (Borgs, Brautbar, Chayes and Lucier, SODA 2014) under Independent Cascade with weighted-cascade probabilities (Kempe, Kleinberg and Tardos, KDD 2003)',
  defaults: {
    model: 'ic' as DiffusionModel,
    probability: 'wc' as string,
    epsilon: 0.1,
    delta: 0.01,
    floor: null as number | null,
    rrSets: null as number | null,
  },
  scores: [
    {
      column: 'clv',
      label: 'Lifetime value',
      description:
        'The customer lifetime value the data gives, in its currency; 1 for everyone when no lifetime value is known.',
      unit: 'value',
      kind: 'float',
      explanation:
        'As imported: the value this person is worth as a customer on their own. Empty where unknown (then counted as 0).',
    },
    {
      column: 'network_value',
      label: 'Network value',
      description:
        "Expected lifetime value of the other people this person's activation reaches by word of mouth (Independent Cascade, weighted cascade).",
      unit: 'value',
      kind: 'float',
      explanation:
        'Estimated from random samples of who would have convinced whom, drawn in proportion to lifetime value: within 10% with probability 0.99 when at least the floor the score set records (valueErrorFloor people times the average lifetime value).',
    },
    {
      column: 'total_value',
      label: 'Total value',
      description: 'Own lifetime value plus network value: what winning or losing this person is worth.',
      unit: 'value',
      kind: 'float',
      explanation: 'clv + network_value.',
    },
    {
      column: 'spread',
      label: 'Expected reach',
      description:
        "Expected number of people this person's activation reaches, themself included (Independent Cascade, weighted cascade).",
      unit: 'people',
      kind: 'float',
      explanation:
        'Estimated from random samples of who would have convinced whom: the reach beyond the person is within 10% with probability 0.99 when at least the floor the score set records (valueErrorFloor people), and within a tenth of that floor otherwise.',
    },
  ],
  compute({ snapshot, options, seed, signal, onProgress, summary }) {
    const result = networkValue(snapshot, { ...options, seed, signal, onProgress });
    summary.valueModel = result.description;
    summary.valueRRSets = result.rrSets;
    summary.valueRelativeError = result.epsilon;
    summary.valueErrorProbability = result.delta;
    summary.valueErrorFloor = result.floor;
    summary.valueLifetimeValuesKnown = result.valuesKnown;
    return {
      clv: result.clv,
      network_value: result.networkValue,
      total_value: result.totalValue,
      spread: result.spread,
    };
  },
});
