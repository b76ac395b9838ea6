import { inducedEdges, type InducedEdges } from '../../graph/algorithms/induced-subgraph.ts';
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { CachedView } from '../cache/graph-cache.ts';
import type { ScoreView } from '../cache/score-view.ts';

/**
 * The most influential people (snapshot indices, highest first), optionally of one community, with the relationships
 * among them (at most `maxEdges`): what the explorer draws of a large network.
 */
export function topPeople(
  view: CachedView,
  scores: ScoreView,
  options: { limit: number; community?: number; maxEdges: number },
): { people: number[]; edges: InducedEdges } {
  const people: number[] = [];
  for (const index of scores.order(COLUMN.influence)) {
    if (people.length >= options.limit) break;
    if (options.community !== undefined && scores.value(COLUMN.community, index) !== options.community) continue;
    people.push(index);
  }
  return { people, edges: inducedEdges(view.graph.snapshot, people, { limit: options.maxEdges }) };
}
