import { pagerank, type PageRankOptions } from '../algorithms/pagerank.ts';
import { reach, type ReachOptions } from '../algorithms/reach.ts';
import { withDefaults } from '../options.ts';
import type { SnapshotView } from '../views/view.ts';

/**
 * The scores that make sense on a view (a time window, a channel): influence, audience and two-hop reach. Structure,
 * communities, value and reputation describe the whole network and are computed once, on the score run's graph.
 *
 * Columns line up with the base snapshot's people. A person absent from the view (no relationship in it) gets NaN,
 * "no value", never 0: someone who is not on the forum has no forum influence, which is not the same as having the
 * least. PageRank runs on the view with the absent people as isolated nodes; restricted to the people present and
 * renormalised, it equals PageRank on the subgraph of the view's relationships alone, because isolated people only
 * add the same constant to everyone's teleport term and so scale the present people's fixed point by one factor.
 */
export interface ViewScoreOptions {
  /** PageRank options (graph/algorithms/pagerank.ts); `start` is taken from the option below. */
  pagerank?: Omit<PageRankOptions, 'start' | 'signal'>;
  /** Two-hop reach options (graph/algorithms/reach.ts); null leaves two-hop reach out. Default {}. */
  reach?: Omit<ReachOptions, 'signal' | 'onProgress'> | null;
  /** PageRank of a similar graph on the same people (the whole graph, the next window) to start from. */
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
  /** PageRank on the view with every person (absent ones isolated), as computed: a start for similar views. */
  pagerank: Float64Array;
  pagerankIterations: number;
  /** 1 for people present in the view. */
  present: Uint8Array;
  presentCount: number;
}

/** Influence, audience and (unless turned off) two-hop reach of the people present in a view. */
export function scoreView(view: SnapshotView, options?: ViewScoreOptions): ViewScores {
  const o = withDefaults(VIEW_SCORE_DEFAULTS, options, 'view scores');
  const { snapshot, present, presentCount } = view;
  const n = snapshot.nodeCount;
  const ranks = pagerank(snapshot, { ...o.pagerank, start: o.start, signal: o.signal });
  const influence = influenceAmongPresent(ranks.scores, present, presentCount);
  const audience = new Float64Array(n);
  for (let i = 0; i < n; i++) audience[i] = present[i] ? snapshot.outOffsets[i + 1] - snapshot.outOffsets[i] : NaN;
  let reach2: Float64Array | null = null;
  if (o.reach !== null) {
    reach2 = reach(snapshot, { ...o.reach, signal: o.signal }).reach2;
    for (let i = 0; i < n; i++) if (!present[i]) reach2[i] = NaN;
  }
  return { influence, audience, reach2, pagerank: ranks.scores, pagerankIterations: ranks.iterations, present, presentCount };
}

/**
 * PageRank restricted to the people present and renormalised among them, times their number (see the module comment
 * for why this equals PageRank on the view's own subgraph); NaN for the absent.
 */
export function influenceAmongPresent(ranks: Float64Array, present: Uint8Array, presentCount: number): Float64Array {
  const n = ranks.length;
  let total = 0;
  for (let i = 0; i < n; i++) if (present[i]) total += ranks[i];
  const scale = total > 0 ? presentCount / total : 0;
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) influence[i] = present[i] ? ranks[i] * scale : NaN;
  return influence;
}
