import { Growable } from '../../graph/growable.ts';
import { scoreDefinition } from '../../graph/scores/registry.ts';
import type { ScoreSetMeta } from '../../graph/scores/types.ts';
import type { ScoreTable } from '../stores/contract.ts';

/**
 * Building a view runs on the API's thread, between requests: it yields to the event loop whenever it has worked for
 * this long, so a request waits at most about this much for it. (Slices of a fixed 2,000 rows took 30-90 ms each
 * while a re-scoring ran, and requests queued behind them.)
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
 * One score version held in memory for the API: every column as a Float64Array (NaN = no value), a row per person, and
 * a sorted copy of each numeric column so a percentile costs two binary searches. Built once per score version.
 */
export class ScoreView {
  private readonly rowById = new Map<string, number>();
  private readonly sorted = new Map<string, Float64Array>();
  private readonly orders = new Map<string, Int32Array>();

  private constructor(
    readonly version: number,
    readonly meta: ScoreSetMeta,
    readonly ids: string[],
    readonly columns: ReadonlyMap<string, Float64Array>,
  ) {
    for (let row = 0; row < ids.length; row++) this.rowById.set(ids[row], row);
  }

  /** Reads a score table in slices (yielding between them) and sorts each numeric column. */
  static async load(table: ScoreTable): Promise<ScoreView> {
    const ids: string[] = [];
    const growing = new Map(table.columns.map((column) => [column, new Growable(Float64Array, 1024)]));
    const slicer = new Slicer();
    let row = 0;
    for await (const { id, scores } of table.rows) {
      ids.push(id);
      for (const [column, values] of growing) {
        const value = scores[column];
        values.push(value === null || value === undefined ? NaN : value);
      }
      if ((++row & 255) === 0) await slicer.maybeYield();
    }
    const columns = new Map([...growing].map(([column, values]) => [column, values.toArray(ids.length)]));
    const view = new ScoreView(table.version, table.meta, ids, columns);
    for (const [column, values] of columns) {
      if (!hasPercentiles(column)) continue;
      await slicer.maybeYield();
      view.sorted.set(column, sortedValues(values));
    }
    // Most procedures list people by influence: order them now rather than on a request.
    await slicer.maybeYield();
    view.order('influence');
    return view;
  }

  get size(): number {
    return this.ids.length;
  }

  /** The row of a person, or -1. */
  row(id: string): number {
    return this.rowById.get(id) ?? -1;
  }

  has(column: string): boolean {
    return this.columns.has(column);
  }

  /** A person's value, null where there is none (or the column was not computed). */
  value(column: string, row: number): number | null {
    const values = this.columns.get(column);
    if (!values || row < 0) return null;
    const value = values[row];
    return Number.isNaN(value) ? null : value;
  }

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
   * Rows ordered by a column, highest first (NaN last), computed once per column. Ties keep the rows' order, which is
   * the store's id order (both stores read a version's rows by id): comparing row numbers instead of id strings makes
   * this several times faster, and many people tie (everyone with no audience has the same influence).
   */
  order(column: string): Int32Array {
    let order = this.orders.get(column);
    if (!order) {
      order = new Int32Array(this.size);
      for (let i = 0; i < order.length; i++) order[i] = i;
      const values = this.columns.get(column);
      if (values) {
        const key = new Float64Array(this.size);
        for (let i = 0; i < key.length; i++) key[i] = Number.isNaN(values[i]) ? -Infinity : values[i];
        order.sort((a, b) => key[b] - key[a] || a - b);
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
