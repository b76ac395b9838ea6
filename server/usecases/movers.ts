import { COLUMN } from '../../graph/scores/definitions.ts';
import type { ScoreColumns } from '../load/score-columns.ts';

/**
 * The biggest movers between two score versions, for the re-scoring summary: who rose or fell most in influence, and
 * who became a detractor. Only people present in both versions are compared for influence (a newcomer has no "before").
 */
export interface Mover {
  id: string;
  before: number;
  after: number;
  change: number;
}

export interface Movers {
  /** The column compared. */
  column: string;
  risers: Mover[];
  fallers: Mover[];
  /** People whose `detractor` flag went from 0 or absent to 1. */
  newDetractors: string[];
  /** People in the new version only. */
  newcomers: number;
  /** People in the previous version only. */
  departed: number;
}

/** The columns movers compare (what the previous version must be read with). */
export const MOVERS_COLUMNS = [COLUMN.influenceScore, COLUMN.detractor];

/**
 * Compares the new score set (in memory: ids and columns by row) with the previous version read into the same rows
 * (server/load/score-columns.ts).
 */
export function computeMovers(
  current: { ids: ArrayLike<string>; columns: Readonly<Record<string, Float64Array>> },
  previous: ScoreColumns,
  options: { limit?: number } = {},
): Movers {
  const column = COLUMN.influenceScore;
  const limit = options.limit ?? 10;
  const after = current.columns[column];
  const afterDetractor = current.columns[COLUMN.detractor];
  const before = previous.columns.get(column);
  const beforeDetractor = previous.columns.get(COLUMN.detractor);
  const changes: Mover[] = [];
  const newDetractors: string[] = [];
  let newcomers = 0;
  for (let i = 0; i < current.ids.length; i++) {
    const id = current.ids[i];
    const known = previous.row[i] >= 0;
    if (afterDetractor?.[i] === 1 && !(known && beforeDetractor?.[i] === 1)) newDetractors.push(id);
    if (!known) {
      newcomers++;
      continue;
    }
    const old = before?.[i] ?? NaN;
    const value = after?.[i] ?? NaN;
    if (!Number.isNaN(old) && !Number.isNaN(value) && value !== old)
      changes.push({ id, before: old, after: value, change: value - old });
  }
  // Largest change first; ties in id order so the summary is reproducible.
  changes.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.id < b.id ? -1 : 1));
  const risers = changes.filter((m) => m.change > 0).slice(0, limit);
  const fallers = changes.filter((m) => m.change < 0).slice(0, limit);
  newDetractors.sort();
  return { column, risers, fallers, newDetractors, newcomers, departed: previous.unmatched };
}

/** A person who rose or fell between the scored window and the previous one (the trend columns of one score set). */
export interface WindowMover {
  id: string;
  /** influence_change: influence now minus influence a period before. */
  change: number;
  /** influence_rank_change: places gained (NaN when absent from either window). */
  rankChange: number;
  /** reach_change: two-hop reach now minus a period before. */
  reachChange: number;
}

export interface WindowMovers {
  /** Days between the two windows compared. */
  periodDays: number;
  risers: WindowMover[];
  fallers: WindowMover[];
}

/**
 * Risers and fallers within one score set, from its trend columns (graph/scores/families/trend.ts): null when the set
 * has none with a value (no relationship carries a time).
 */
export function computeWindowMovers(
  set: {
    ids: ArrayLike<string>;
    columns: Readonly<Record<string, Float64Array>>;
    meta: { time?: { periodDays: number } };
  },
  options: { limit?: number } = {},
): WindowMovers | null {
  const limit = options.limit ?? 10;
  const change = set.columns[COLUMN.influenceChange];
  if (!change || !change.some((value) => Number.isFinite(value) && value !== 0)) return null;
  const rank = set.columns[COLUMN.influenceRankChange];
  const reach = set.columns[COLUMN.reachChange];
  const all: WindowMover[] = [];
  for (let i = 0; i < set.ids.length; i++) {
    if (!Number.isFinite(change[i]) || change[i] === 0) continue;
    all.push({ id: set.ids[i], change: change[i], rankChange: rank?.[i] ?? NaN, reachChange: reach?.[i] ?? NaN });
  }
  all.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.id < b.id ? -1 : 1));
  return {
    periodDays: set.meta.time?.periodDays ?? NaN,
    risers: all.filter((m) => m.change > 0).slice(0, limit),
    fallers: all.filter((m) => m.change < 0).slice(0, limit),
  };
}
