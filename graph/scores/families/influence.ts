import { pagerank, type PageRankSolver } from '../../algorithms/pagerank.ts';
import { defineFamily } from '../family.ts';

/**
 * The 0-100 influence score: PageRank on a log scale between the least and the most influential person,
 * 100 (ln pr - ln min) / (ln max - ln min), one decimal. PageRank is heavy-tailed, so a linear scale would put almost
 * everyone near 0; the log scale spreads people out while keeping the order. Everyone scores 0 when all ranks are equal.
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
  id: 'influence',
  label: 'Influence',
  description: 'PageRank on who listens to whom: a person is influential when influential people listen to them.',
  reference: 'Brin and Page, "The anatomy of a large-scale hypertextual Web search engine", 1998',
  defaults: {
    damping: 0.85,
    tolerance: 1e-10,
    maxIterations: 1000,
    weighted: false,
    solver: 'gauss-seidel' as PageRankSolver,
    threads: null as number | null,
  },
  scores: [
    {
      column: 'influence',
      label: 'Influence',
      description: 'PageRank times the number of people: 1 is an average person, 10 ten times the average.',
      unit: 'x average',
      kind: 'float',
      explanation: 'The listeners whose attention brings the most rank (see explainInfluence).',
    },
    {
      column: 'influence_score',
      label: 'Influence score',
      description: 'Influence on a 0-100 log scale between the least and the most influential person.',
      unit: '0-100',
      range: [0, 100],
      kind: 'float',
      explanation: 'Log-scaled PageRank: each doubling of PageRank adds the same number of points.',
    },
    {
      column: 'pagerank',
      label: 'PageRank',
      description: 'PageRank on the attention graph (damping 0.85, dangling mass spread uniformly); sums to 1.',
      unit: 'probability',
      range: [0, 1],
      kind: 'float',
      explanation: 'The stationary probability that a random listener is listening to this person.',
    },
  ],
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
