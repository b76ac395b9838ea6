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
 * oldest first. Retention is the store's: the current version and the one before it (it prunes older ones when a new
 * one is published), so a history is at most two points; for change within one version, the trend columns compare
 * the scored window with the previous one. Each version is read through once, so this costs a pass over its rows.
 */
export async function personHistory(store: GraphStore, id: string): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  for (const version of await store.scoreVersions()) {
    const table = await store.readScores(version);
    if (!table) continue;
    const at = HISTORY_COLUMNS.map((column) => table.columns.indexOf(column));
    let row: ReadonlyArray<number | null> | null = null;
    for await (const [rowId, values] of table.values) {
      if (rowId === id) {
        row = values;
        break;
      }
    }
    points.push({
      version,
      computedAt: table.meta.computedAt,
      asOf: table.meta.time?.asOf ?? null,
      values: Object.fromEntries(
        HISTORY_COLUMNS.map((column, k) => [column, row && at[k] >= 0 ? row[at[k]] : null]),
      ) as HistoryPoint['values'],
    });
  }
  return points;
}
