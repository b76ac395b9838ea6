import type { IdIndex } from '../../graph/ids.ts';
import type { ScoreSetMeta } from '../../graph/scores/types.ts';
import type { GraphStore, ScoreTable } from '../stores/contract.ts';

/** A score version as columns indexed like a snapshot: what every reader of stored scores computes with. */
export interface ScoreColumns {
  version: number;
  meta: ScoreSetMeta;
  /** Column name to values by snapshot index: NaN where the person has no value, or no row in the version. */
  columns: ReadonlyMap<string, Float64Array>;
  /**
   * The position of each snapshot person's row in the version, which stores keep in id order; -1 where the version
   * has no row for them (people added to the graph since).
   */
  row: Int32Array;
  /** Rows of the version whose person is not in the snapshot. */
  unmatched: number;
}

export interface AlignOptions {
  /** Only these columns (those the version lacks are left out); default every column of the version. */
  columns?: readonly string[];
  /**
   * Called every few hundred rows; an implementation may await (the API's thread yields to requests with it, since
   * the embedded store reads synchronously).
   */
  pause?: () => Promise<void> | void;
}

/** Reads a score table into columns indexed by `ids` (a snapshot's), in one pass over its rows. */
export async function alignScoreTable(
  table: ScoreTable,
  ids: IdIndex,
  options: AlignOptions = {},
): Promise<ScoreColumns> {
  const n = ids.size;
  const wanted = (options.columns ?? table.columns).filter((column) => table.columns.includes(column));
  const positions = wanted.map((column) => table.columns.indexOf(column));
  const arrays = wanted.map(() => new Float64Array(n).fill(NaN));
  const rowOf = new Int32Array(n).fill(-1);
  let unmatched = 0;
  let row = -1;
  for await (const [id, values] of table.values) {
    if ((++row & 255) === 255) await options.pause?.();
    const index = ids.indexOf(id);
    if (index < 0) {
      unmatched++;
      continue;
    }
    rowOf[index] = row;
    for (let c = 0; c < positions.length; c++) {
      const value = values[positions[c]];
      if (value !== null) arrays[c][index] = value;
    }
  }
  return {
    version: table.version,
    meta: table.meta,
    columns: new Map(wanted.map((column, c) => [column, arrays[c]])),
    row: rowOf,
    unmatched,
  };
}

/** A stored score version (default: the current one) as columns indexed by `ids`; null when there is none. */
export async function readScoreColumns(
  store: GraphStore,
  ids: IdIndex,
  options: AlignOptions & { version?: number } = {},
): Promise<ScoreColumns | null> {
  const table = await store.readScores(options.version);
  return table ? alignScoreTable(table, ids, options) : null;
}
