import type { Person } from '../../graph/model.ts';

/**
 * The order of search results, the same in every store: people whose id starts with the query first, then those whose
 * label does, then those whose handle does; within each, by that field lower-cased, then by id; each person once, at
 * the first place they match. Someone typing an id sees that person on top, and every list is a prefix of the same
 * ranking, so a store can read each field's index in order and stop after `limit` rows: taking `limit` from each
 * list is enough, because a later list loses at most as many rows to duplicates as the earlier lists contributed.
 */
export function rankSearchMatches(lists: Person[][], limit: number): Person[] {
  const seen = new Set<string>();
  const ranked: Person[] = [];
  for (const list of lists) {
    for (const person of list) {
      if (ranked.length === limit) return ranked;
      if (seen.has(person.id)) continue;
      seen.add(person.id);
      ranked.push(person);
    }
  }
  return ranked;
}
