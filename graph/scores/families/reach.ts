import { DEFAULTS, reach } from '../../algorithms/reach.ts';
import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

export const reachFamily = defineFamily({
  ...DECLARATIONS.reach,
  defaults: { ...DEFAULTS },
  compute({ snapshot, options, signal, onProgress, summary }) {
    const result = reach(snapshot, { ...options, signal, onProgress });
    summary.reach2Estimated = result.estimatedCount;
    summary.reach2RelativeError = result.relativeError;
    return { audience: result.audience, reach2: result.reach2 };
  },
});
