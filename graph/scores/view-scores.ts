import { pagerank, type PageRankOptions } from '../algorithms/pagerank.ts';
import { reach, type ReachOptions } from '../algorithms/reach.ts';
import { withDefaults } from '../options.ts';
import { compactView, toBaseColumn, toCompactColumn } from '../views/compact.ts';
import type { SnapshotView } from '../views/view.ts';

/**
 * The scores that make sense on a view (a time window, a channel): influence, audience and two-hop reach. Structure,
 * communities, value and reputation describe the whole network and are computed once, on the score run's graph.
 *
 * Columns line up with the base snapshot's people. A person absent from the view (no relationship in it) gets NaN,
 * "no value", never 0: someone who is not on the forum has no forum influence, which is not the same as having the
 * least. The algorithms run on the view's people only (views/compact.ts), so a small channel costs little.
 *
 * PageRank on the view's own people equals PageRank on the view with everyone (the absent as isolated people)
 * restricted to the present and renormalised: isolated people add the same constant to everyone's teleport and
 * dangling term, which scales the present people's fixed point by one factor. So a score run's own PageRank column,
 * computed with everyone, gives the same influence through `scoresOfColumns`.
 */
export interface ViewScoreOptions {
  /** PageRank options (graph/algorithms/pagerank.ts); `start` is taken from the option below. */
  pagerank?: Omit<PageRankOptions, 'start' | 'signal'>;
  /** Two-hop reach options (graph/algorithms/reach.ts); null leaves two-hop reach out. Default {}. */
  reach?: Omit<ReachOptions, 'signal' | 'onProgress'> | null;
  /** PageRank of a similar graph on the same people (the whole graph, the next window) to start from; NaN allowed. */
  start?: ArrayLike<number> | null;
  signal?: AbortSignal;
}

export const VIEW_SCORE_DEFAULTS: ViewScoreOptions = { pagerank: {}, reach: {}, start: null, signal: undefined };

export interface ViewScores {
  /**
   * PageRank over the people present, renormalised to sum 1 among them, times their number: 1 is the average person
   * present in the view, 10 ten times that average. NaN for people absent from the view.
   */
  influence: Float64Array;
  /** People directly influenced through the view's relationships; NaN for people absent from the view. */
  audience: Float64Array;
  /** Distinct people within two hops in the view; NaN for people absent; null when reach was not asked for. */
  reach2: Float64Array | null;
  /** PageRank on the view's own people (sums to 1 over them), NaN for the absent: a start for similar views. */
  pagerank: Float64Array;
  pagerankIterations: number;
  /** 1 for people present in the view. */
  present: Uint8Array;
  presentCount: number;
}

/** Influence, audience and (unless turned off) two-hop reach of the people present in a view. */
export function scoreView(view: SnapshotView, options?: ViewScoreOptions): ViewScores {
  const o = withDefaults(VIEW_SCORE_DEFAULTS, options, 'view scores');
  const { present, presentCount } = view;
  const compact = compactView(view);
  const { snapshot } = compact;
  const k = snapshot.nodeCount;
  const start = o.start ? startVector(toCompactColumn(compact, o.start)) : null;
  const ranks = pagerank(snapshot, { ...o.pagerank, start, signal: o.signal });
  const influence = new Float64Array(k);
  for (let c = 0; c < k; c++) influence[c] = ranks.scores[c] * k;
  const audience = new Float64Array(k);
  for (let c = 0; c < k; c++) audience[c] = snapshot.outDegree(c);
  const reach2 =
    o.reach === null ? null : toBaseColumn(compact, reach(snapshot, { ...o.reach, signal: o.signal }).reach2);
  return {
    influence: toBaseColumn(compact, influence),
    audience: toBaseColumn(compact, audience),
    reach2,
    pagerank: toBaseColumn(compact, ranks.scores),
    pagerankIterations: ranks.iterations,
    present,
    presentCount,
  };
}

/** A start vector with the people it has no value for (NaN) at the average of the others; null when it has none. */
function startVector(values: Float64Array): Float64Array | null {
  let total = 0;
  let known = 0;
  for (const value of values) {
    if (value >= 0) {
      total += value;
      known++;
    }
  }
  if (!(total > 0)) return null;
  const fill = total / known;
  for (let c = 0; c < values.length; c++) if (!(values[c] >= 0)) values[c] = fill;
  return values;
}

/**
 * The view scores of a view that a score run scored with everyone as its own graph: its PageRank column restricted
 * to the people present and renormalised (see the module comment for why this equals PageRank on the view's own
 * people), its audience and two-hop reach with the absent emptied. Nothing is recomputed.
 */
export function scoresOfColumns(
  view: SnapshotView,
  columns: { pagerank: Float64Array; pagerankIterations: number; reach2: Float64Array | null },
): ViewScores {
  const { snapshot, present, presentCount } = view;
  const n = snapshot.nodeCount;
  let total = 0;
  for (let i = 0; i < n; i++) if (present[i]) total += columns.pagerank[i];
  const pagerankAmongPresent = new Float64Array(n);
  const influence = new Float64Array(n);
  const audience = new Float64Array(n);
  const reach2 = columns.reach2 ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const here = present[i] === 1;
    pagerankAmongPresent[i] = here && total > 0 ? columns.pagerank[i] / total : NaN;
    influence[i] = pagerankAmongPresent[i] * presentCount;
    audience[i] = here ? snapshot.outDegree(i) : NaN;
    if (reach2) reach2[i] = here ? columns.reach2![i] : NaN;
  }
  return {
    influence,
    audience,
    reach2,
    pagerank: pagerankAmongPresent,
    pagerankIterations: columns.pagerankIterations,
    present,
    presentCount,
  };
}
