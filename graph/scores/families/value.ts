import { DEFAULTS, networkValue } from '../../algorithms/diffusion/network-value.ts';
import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

// The score set's seed replaces the algorithm's.
const { seed: _seed, ...defaults } = DEFAULTS;

/**
 * Customer network value: what a person is worth with the customers their word of mouth brings along. `spread` is
 * also what the reputation family's `detractor_reach` reads (dependsOn: ['value']), so the family id and that column
 * stay as they are.
 */
export const valueFamily = defineFamily({
  ...DECLARATIONS.value,
  defaults,
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
