import { COLUMN } from '../../graph/scores/definitions.ts';
import type { GraphStore } from '../stores/contract.ts';

/** The scores a person's history follows across score versions. */
export const HISTORY_COLUMNS = [COLUMN.influence, COLUMN.reach2, COLUMN.reputation, COLUMN.influenceChange] as const;

export interface HistoryPoint {
  version: number;
  /** When the version was computed, and the date it scored the graph as of (null: no relationship has a time). */
  computedAt: string;
  asOf: string | null;
  /** The person's values (null: no value, or not in that version). */
  values: Record<(typeof HISTORY_COLUMNS)[number], number | null>;
}

/**
 * A person's influence, two-hop reach, reputation and influence change across the score versions the store keeps,
 * oldest first. Retention is the store's (server/stores/retention.ts: up to 12 versions, none older than 180 days, and
 * always the current one and the one before it, unless the operator chose otherwise); for change within one version,
 * the trend columns compare the scored window with the previous one. Each version costs one point read of the
 * person's row (store.readPersonScores), not a pass over the version.
 */
export async function personHistory(store: GraphStore, id: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  for (const version of await store.scoreVersions()) {
    // A version pruned since the list was read (a scoring finished meanwhile) is left out.
    const read = await store.readPersonScores(id, version);
    if (!read) continue;
    const at = HISTORY_COLUMNS.map((column) => read.columns.indexOf(column));
    const row = read.values;
    points.push({
      version,
      computedAt: read.meta.computedAt,
      asOf: read.meta.time?.asOf ?? null,
      values: Object.fromEntries(
        HISTORY_COLUMNS.map((column, k) => [column, row && at[k] >= 0 ? row[at[k]] : null]),
      ) as HistoryPoint['values'],
    });
  }
  return points;
}
