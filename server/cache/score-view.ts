import { COLUMN, scoreDefinition } from '../../graph/scores/definitions.ts';
import type { ScoreSetMeta } from '../../graph/scores/types.ts';
import type { LoadedGraph } from '../load/graph.ts';
import { readScoreColumns } from '../load/score-columns.ts';
import type { GraphStore } from '../stores/contract.ts';

/**
 * Building a view runs on the API's thread, between requests: it yields to the event loop whenever it has worked for
 * this long, so a request waits at most about this much for it (the embedded store reads synchronously).
 */
const SLICE_MS = 4;

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Yields to the event loop once the current slice has lasted SLICE_MS. */
class Slicer {
  private started = performance.now();

  async maybeYield(): Promise<void> {
    if (performance.now() - this.started < SLICE_MS) return;
    await nextTick();
    this.started = performance.now();
  }
}

/**
 * One score version held in memory for the API, aligned with the cached snapshot: every column as a Float64Array by
 * snapshot index (NaN = no value), and a sorted copy of each numeric column so a percentile costs two binary searches.
 * Built once per score version and graph.
 */
export class ScoreView {
  private readonly sorted = new Map<string, Float64Array>();
  private readonly orders = new Map<string, Int32Array>();

  private constructor(
    readonly version: number,
    readonly meta: ScoreSetMeta,
    readonly columns: ReadonlyMap<string, Float64Array>,
    /** Each person's row in the version (id order), -1 for people the version does not know. */
    readonly row: Int32Array,
    /** Snapshot indices of the people the version knows, in id order. */
    readonly scored: Int32Array,
  ) {}

  /** Reads a score version aligned with the graph (yielding between slices) and sorts each numeric column. */
  static async load(store: GraphStore, graph: LoadedGraph, version: number): Promise<ScoreView> {
    const slicer = new Slicer();
    const read = await readScoreColumns(store, graph.snapshot.ids, { version, pause: () => slicer.maybeYield() });
    if (!read) throw new Error(`score version ${version} disappeared while loading`);
    let count = 0;
    for (const row of read.row) if (row >= 0) count++;
    const scored = new Int32Array(count);
    const byRow = new Int32Array(count + read.unmatched).fill(-1);
    for (let index = 0; index < read.row.length; index++) if (read.row[index] >= 0) byRow[read.row[index]] = index;
    let k = 0;
    for (const index of byRow) if (index >= 0) scored[k++] = index;
    const view = new ScoreView(read.version, read.meta, read.columns, read.row, scored);
    for (const [column, values] of read.columns) {
      if (!hasPercentiles(column)) continue;
      await slicer.maybeYield();
      view.sorted.set(column, sortedValues(values));
    }
    // Most procedures list people by influence: order them now rather than on a request.
    await slicer.maybeYield();
    view.order(COLUMN.influence);
    return view;
  }

  has(column: string): boolean {
    return this.columns.has(column);
  }

  /** A person's value by snapshot index, null where there is none (or the column was not computed). */
  value(column: string, index: number): number | null {
    const values = this.columns.get(column);
    if (!values || index < 0) return null;
    const value = values[index];
    return Number.isNaN(value) ? null : value;
  }

  /** Compares two people by their rows, that is by id (the stores keep a version's rows in id order). */
  readonly byId = (a: number, b: number): number => this.row[a] - this.row[b];

  /**
   * Percentile rank (0-100) of a value among the people who have one, by the mid-rank convention: the share of people
   * below, plus half of those equal. Null for categories and for people without a value.
   */
  percentile(column: string, value: number | null): number | null {
    const sorted = this.sorted.get(column);
    if (!sorted || value === null || sorted.length === 0) return null;
    const below = lowerBound(sorted, value);
    const equal = lowerBound(sorted, value, true) - below;
    return (100 * (below + equal / 2)) / sorted.length;
  }

  /**
   * The people the version knows (snapshot indices), ordered by a column, highest first (NaN last), computed once per
   * column. Ties keep id order: comparing row numbers instead of id strings makes this several times faster, and many
   * people tie (everyone with no audience has the same influence).
   */
  order(column: string): Int32Array {
    let order = this.orders.get(column);
    if (!order) {
      order = Int32Array.from(this.scored);
      const values = this.columns.get(column);
      if (values) {
        const key = new Float64Array(values.length);
        for (let i = 0; i < key.length; i++) key[i] = Number.isNaN(values[i]) ? -Infinity : values[i];
        const row = this.row;
        order.sort((a, b) => key[b] - key[a] || row[a] - row[b]);
      }
      this.orders.set(column, order);
    }
    return order;
  }
}

function hasPercentiles(column: string): boolean {
  const kind = scoreDefinition(column)?.kind;
  return kind === 'float' || kind === 'integer';
}

function sortedValues(values: Float64Array): Float64Array {
  let count = 0;
  for (const value of values) if (!Number.isNaN(value)) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (const value of values) if (!Number.isNaN(value)) out[k++] = value;
  return out.sort();
}

/** First position whose value is >= x (or > x when `strict`). */
function lowerBound(sorted: Float64Array, x: number, strict = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x || (strict && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
