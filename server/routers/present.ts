import { TRPCError } from '@trpc/server';
import type { Person } from '../../graph/model.ts';
import { COLUMN, familyOfColumn } from '../../graph/scores/definitions.ts';
import type { CachedView } from '../cache/graph-cache.ts';
import type { ScoreView } from '../cache/score-view.ts';

/** A person as lists show them: who they are and the scores lists sort and colour by. */
export interface PersonBrief {
  id: string;
  label: string | null;
  influence: number | null;
  influenceScore: number | null;
  community: number | null;
  /** The community's readable name (the number stays the id). */
  communityName: string | null;
}

/** A person by snapshot index or id (with their stored record, when the caller has it). */
export function personBrief(view: CachedView, person: number | string, record?: Person | null): PersonBrief {
  const { snapshot, people } = view.graph;
  const index = typeof person === 'number' ? person : snapshot.ids.indexOf(person);
  const id = typeof person === 'number' ? snapshot.ids.idOf(person) : person;
  const scores = view.scores;
  const community = scores?.value(COLUMN.community, index) ?? null;
  return {
    id,
    label: (record ?? people.get(id))?.label ?? null,
    influence: scores?.value(COLUMN.influence, index) ?? null,
    influenceScore: scores?.value(COLUMN.influenceScore, index) ?? null,
    community,
    communityName: community === null ? null : (view.communityProfiles().get(community)?.name ?? null),
  };
}

/** The score view, or a clear 412 when nothing was scored yet. */
export function requireScores(view: CachedView): ScoreView {
  if (!view.scores) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: 'Nothing has been scored yet: run a re-scoring (scores.rescore or `sway score`).',
    });
  }
  return view.scores;
}

/** The score view with the given columns, or a 412 that says which family computes them. */
export function requireColumns(view: CachedView, columns: string[]): ScoreView {
  const scores = requireScores(view);
  const missing = columns.filter((column) => !scores.has(column));
  if (missing.length > 0) {
    const families = [...new Set(missing.map((column) => familyOfColumn(column)?.id ?? column))];
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `The current score version has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: re-score with the ${families.map((f) => `"${f}"`).join(', ')} famil${families.length > 1 ? 'ies' : 'y'}.`,
    });
  }
  return scores;
}
