import { categoryColumnsOf } from '../algorithms/category-columns.ts';
import { profileCommunities, type CategoryColumn, type CommunityProfile } from '../algorithms/community-profile.ts';
import type { Person } from '../model.ts';
import type { Snapshot } from '../snapshot.ts';
import { COLUMN } from './definitions.ts';

export type { CommunityProfile };

/**
 * The communities of a score version described by what their members share, with a name a person can read
 * (graph/algorithms/community-profile.ts), keyed by community number; the number stays the stable id. People added
 * since the scores were computed have no community: they count in the network's shares, in no community.
 *
 * The one way names are made: the API's cache (communities screen, lists, the explorer) and the graph export
 * (community_name in the files) both call it with the whole graph, so a file names a community as the app does,
 * whichever part of the graph it holds.
 */
export function communityProfilesOf(
  snapshot: Snapshot,
  /** The people's fields by id (those without any may be missing). */
  people: ReadonlyMap<string, Person>,
  /** The score version's columns by snapshot index (NaN where a person has no value). */
  columns: ReadonlyMap<string, ArrayLike<number>>,
  /** The people's categories (categoryColumnsOf), when the caller keeps them for the graph; default computed here. */
  categories: readonly CategoryColumn[] = categoryColumnsOf(snapshot, people.values()),
): Map<number, CommunityProfile> {
  const column = columns.get(COLUMN.community);
  if (!column) return new Map();
  let outside = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (Number.isInteger(value) && value + 1 > outside) outside = value + 1;
  }
  const community = Int32Array.from({ length: column.length }, (_, i) =>
    Number.isInteger(column[i]) && column[i] >= 0 ? column[i] : outside,
  );
  const profiles = profileCommunities(community, {
    categories,
    influence: columns.get(COLUMN.influence) ?? null,
    personName: (index) => shortName(people.get(snapshot.ids.idOf(index))?.label, snapshot.ids.idOf(index)),
  });
  return new Map(profiles.filter((p) => p.community !== outside).map((p) => [p.community, p]));
}

/**
 * "Dario Santos" → "Dario S.": enough to tell a circle by, without a full name in every list; the id without one. A
 * remark in brackets is not part of the name ("Chloe Park (synthetic)" → "Chloe P.").
 */
export function shortName(label: string | undefined, id: string): string {
  const words =
    label
      ?.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
      .trim()
      .split(/\s+/)
      .filter(Boolean) ?? [];
  if (words.length === 0) return id;
  if (words.length === 1) return words[0];
  return `${words[0]} ${words.at(-1)![0]}.`;
}
