import { explainInfluence } from '../../graph/algorithms/pagerank.ts';
import type { CachedView } from '../cache/graph-cache.ts';
import { finiteOrNull } from './json.ts';

/**
 * Why a person's influence is what it is (explainInfluence on the cached snapshot with the current PageRank column):
 * the listeners whose attention brings the most rank. Only exact when the scores were computed on the graph as it is
 * now; otherwise the status says so and the client suggests re-scoring.
 */
export function influenceExplanation(view: CachedView, id: string, limit: number) {
  const { snapshot, people } = view.graph;
  const index = snapshot.ids.indexOf(id);
  const pagerank = view.pagerank;
  if (!pagerank || index < 0) return { status: 'unavailable' as const, explanation: null };
  if (!view.scoresMatchGraph) return { status: 'stale' as const, explanation: null };
  const options = (view.scores!.meta.options.influence ?? {}) as { damping?: number; weighted?: boolean };
  const result = explainInfluence(snapshot, pagerank, index, {
    damping: options.damping,
    weighted: options.weighted,
    limit,
  });
  return {
    status: 'ok' as const,
    explanation: {
      pagerank: result.pagerank,
      baselineShare: result.baselineShare,
      otherShare: result.otherShare,
      contributors: result.contributors.map((c) => {
        const contributorId = snapshot.ids.idOf(c.index);
        return {
          id: contributorId,
          label: people.get(contributorId)?.label ?? null,
          contribution: finiteOrNull(c.contribution),
          share: finiteOrNull(c.share),
        };
      }),
    },
  };
}
