import { categoryColumnsOf } from '../../graph/algorithms/category-columns.ts';
import { profileCommunities, type CommunityProfile } from '../../graph/algorithms/community-profile.ts';

export type { CommunityProfile };
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { LoadedGraph } from '../load/graph.ts';
import type { ScoreView } from '../cache/score-view.ts';

/**
 * The communities of a score version described by what their members share, with a name a person can read
 * (graph/algorithms/community-profile.ts), keyed by community number; the number stays the stable id. People added
 * since the scores were computed have no community: they count in the network's shares, in no community.
 */
export function communityProfilesOf(graph: LoadedGraph, scores: ScoreView): Map<number, CommunityProfile> {
  const column = scores.columns.get(COLUMN.community);
  if (!column) return new Map();
  const { snapshot, people } = graph;
  let outside = 0;
  for (const value of column) if (Number.isInteger(value) && value + 1 > outside) outside = value + 1;
  const community = Int32Array.from(column, (value) => (Number.isInteger(value) && value >= 0 ? value : outside));
  const profiles = profileCommunities(community, {
    categories: categoryColumnsOf(snapshot, people.values()),
    influence: scores.columns.get(COLUMN.influence) ?? null,
    personName: (index) => shortName(people.get(snapshot.ids.idOf(index))?.label, snapshot.ids.idOf(index)),
  });
  return new Map(profiles.filter((p) => p.community !== outside).map((p) => [p.community, p]));
}

/** "Dario Santos" → "Dario S.": enough to tell a circle by, without a full name in every list; the id without one. */
export function shortName(label: string | undefined, id: string): string {
  const words = label?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return id;
  if (words.length === 1) return words[0];
  return `${words[0]} ${words.at(-1)![0]}.`;
}
