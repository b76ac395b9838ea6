import { inducedEdges, type InducedEdges } from '../../graph/algorithms/induced-subgraph.ts';
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { CachedView } from '../cache/graph-cache.ts';
import type { ScoreView } from '../cache/score-view.ts';

/**
 * The most influential people (snapshot indices, highest first), optionally of one community, or by another column
 * (one channel's influence), with the relationships among them (at most `maxEdges`): what the explorer draws of a
 * large network.
 */
export function topPeople(
  view: CachedView,
  scores: ScoreView,
  options: { limit: number; community?: number; maxEdges: number; column?: string },
): { people: number[]; edges: InducedEdges } {
  const people: number[] = [];
  const column = options.column ?? COLUMN.influence;
  for (const index of scores.order(column)) {
    if (people.length >= options.limit) break;
    // Ranked by a per-channel column, people absent from the channel (no value) are not among its top.
    if (scores.value(column, index) === null) continue;
    if (options.community !== undefined && scores.value(COLUMN.community, index) !== options.community) continue;
    people.push(index);
  }
  return { people, edges: inducedEdges(view.graph.snapshot, people, { limit: options.maxEdges }) };
}
