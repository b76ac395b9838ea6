import { betweenness, DEFAULTS } from '../../algorithms/betweenness.ts';
import { coreNumbers } from '../../algorithms/cores.ts';
import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

export const structureFamily = defineFamily({
  ...DECLARATIONS.structure,
  defaults: { betweennessSamples: DEFAULTS.samples, threads: DEFAULTS.threads },
  compute({ snapshot, options, seed, signal, onProgress }) {
    const n = snapshot.nodeCount;
    const inDegree = new Float64Array(n);
    const outDegree = new Float64Array(n);
    const inWeight = new Float64Array(n);
    const outWeight = new Float64Array(n);
    for (let v = 0; v < n; v++) {
      inDegree[v] = snapshot.inDegree(v);
      outDegree[v] = snapshot.outDegree(v);
      for (let e = snapshot.inOffsets[v]; e < snapshot.inOffsets[v + 1]; e++) inWeight[v] += snapshot.inWeights[e];
      for (let e = snapshot.outOffsets[v]; e < snapshot.outOffsets[v + 1]; e++) outWeight[v] += snapshot.outWeights[e];
    }
    const core = Float64Array.from(coreNumbers(snapshot));
    onProgress(0.2);
    const between = betweenness(snapshot, {
      samples: options.betweennessSamples,
      seed,
      threads: options.threads,
      signal,
      onProgress: (f) => onProgress(0.2 + 0.8 * f),
    });
    return {
      core,
      in_degree: inDegree,
      out_degree: outDegree,
      in_weight: inWeight,
      out_weight: outWeight,
      betweenness: between,
    };
  },
});
