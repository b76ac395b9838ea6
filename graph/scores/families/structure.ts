import { betweenness } from '../../algorithms/betweenness.ts';
import { coreNumbers } from '../../algorithms/cores.ts';
import { defineFamily } from '../family.ts';

export const structureFamily = defineFamily({
  id: 'structure',
  label: 'Structure',
  description: 'Degrees, k-core and betweenness: where a person sits in the network.',
  reference: 'Batagelj and Zaversnik, "An O(m) algorithm for cores decomposition", 2003; Brandes and Pich, 2007',
  defaults: { betweennessSamples: 256 },
  scores: [
    {
      column: 'core',
      label: 'k-core',
      description: 'The largest k such that the person belongs to a group where everyone has at least k ties inside.',
      unit: 'k',
      kind: 'integer',
      explanation: 'Higher means embedded in a denser, more cohesive part of the network.',
    },
    {
      column: 'in_degree',
      label: 'Influenced by',
      description: 'People who directly influence this person (whom they follow or trust).',
      unit: 'people',
      kind: 'integer',
      explanation: 'A count of relationships.',
    },
    {
      column: 'out_degree',
      label: 'Influences',
      description: 'People this person directly influences.',
      unit: 'people',
      kind: 'integer',
      explanation: 'A count of relationships.',
    },
    {
      column: 'in_weight',
      label: 'Weighted in-degree',
      description: 'Total weight of the relationships that influence this person.',
      unit: 'weight',
      kind: 'float',
      explanation: 'A sum of relationship weights.',
    },
    {
      column: 'out_weight',
      label: 'Weighted out-degree',
      description: 'Total weight of the relationships through which this person influences others.',
      unit: 'weight',
      kind: 'float',
      explanation: 'A sum of relationship weights.',
    },
    {
      column: 'betweenness',
      label: 'Bridging',
      description: 'Share of shortest influence paths passing through the person, estimated from sampled sources.',
      unit: 'fraction',
      range: [0, 1],
      kind: 'float',
      explanation: 'High for bridges between communities: messages between groups pass through them.',
    },
  ],
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
