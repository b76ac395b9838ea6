import { DEFAULTS, pagerank } from '../../algorithms/pagerank.ts';
import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

/**
 * The 0-100 influence score: PageRank on a log scale between the least and the most influential person,
 * 100 (ln pr - ln min) / (ln max - ln min), one decimal. PageRank is heavy-tailed, so a linear scale would put almost
 * everyone near 0; the log scale spreads people out while keeping the order. Everyone scores 0 when all ranks are
 * equal.
 */
export function influenceScore(pr: Float64Array): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (const value of pr) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const out = new Float64Array(pr.length);
  if (!(max > min) || !(min > 0)) return out;
  const span = Math.log(max / min);
  for (let i = 0; i < pr.length; i++) out[i] = Math.round((1000 * Math.log(pr[i] / min)) / span) / 10;
  return out;
}

export const influenceFamily = defineFamily({
  ...DECLARATIONS.influence,
  defaults: { ...DEFAULTS },
  compute({ snapshot, options, signal, summary }) {
    const result = pagerank(snapshot, { ...options, signal });
    summary.pagerankIterations = result.iterations;
    summary.pagerankResidual = result.residual;
    summary.pagerankConverged = result.converged;
    const n = snapshot.nodeCount;
    const influence = new Float64Array(n);
    for (let i = 0; i < n; i++) influence[i] = result.scores[i] * n;
    return { influence, influence_score: influenceScore(result.scores), pagerank: result.scores };
  },
});
