import { TRPCError } from '@trpc/server';
import type { Person } from '../../graph/model.ts';
import type { AlignedView } from '../cache/graph-cache.ts';
import type { ScoreView } from '../cache/score-view.ts';

/** A person as lists show them: who they are and the scores lists sort and colour by. */
export interface PersonBrief {
  id: string;
  label: string | null;
  influence: number | null;
  influenceScore: number | null;
  community: number | null;
}

export function personBrief(view: AlignedView, id: string, person?: Person | null): PersonBrief {
  const known = person ?? view.graph.people.get(id);
  const row = view.scores ? view.scores.row(id) : -1;
  return {
    id,
    label: known?.label ?? null,
    influence: view.scores?.value('influence', row) ?? null,
    influenceScore: view.scores?.value('influence_score', row) ?? null,
    community: view.scores?.value('community', row) ?? null,
  };
}

/** The score view, or a clear 412 when nothing was scored yet. */
export function requireScores(view: AlignedView): ScoreView {
  if (!view.scores) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: 'Nothing has been scored yet: run a re-scoring (scores.rescore or `sway score`).',
    });
  }
  return view.scores;
}

/** The score view with the given columns, or a 412 that says which family computes them. */
export function requireColumns(view: AlignedView, columns: string[], family: string): ScoreView {
  const scores = requireScores(view);
  const missing = columns.filter((column) => !scores.has(column));
  if (missing.length > 0) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `The current score version has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: re-score with the "${family}" family.`,
    });
  }
  return scores;
}

/** JSON has no NaN: a missing value is null. */
export function finiteOrNull(value: number | undefined | null): number | null {
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}
