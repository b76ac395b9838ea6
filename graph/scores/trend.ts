import { InvalidOptionsError, throwIfAborted } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';
import {
  earlierTime,
  resolveTimeOptions,
  timeView,
  type ResolvedTimeOptions,
  type TimeViewOptions,
} from '../views/time.ts';
import { scoreView, type ViewScoreOptions, type ViewScores } from './view-scores.ts';

/**
 * Influence over time: scores of consecutive windows of the same length, and who rose or fell between the last two.
 *
 * Window k (k = 0 the latest) is the time view (graph/views/time.ts) as of `asOf - k * periodDays`, with the same
 * window length and half-life; without a window each is the whole graph as it stood at that date. The change columns
 * compare window 0 (now) with window 1 (one period earlier):
 * - influence change: influence now minus influence then, each in "x average person present" (view-scores.ts), a
 *   person absent from a window counting 0 there (nobody listened to them); NaN for someone absent from both;
 * - rank change: rank then minus rank now (rank 1 the most influential person present, ties sharing the better rank),
 *   so rising people have positive changes; NaN unless the person is present in both windows;
 * - reach change: two-hop reach now minus then, absent counting 0.
 *
 * With a half-life, PageRank reads the decayed weights (weighted PageRank) whatever `pagerank.weighted` says: decay
 * would change nothing otherwise. Each window's PageRank starts from the later window's (or `start`), which saves
 * iterations because consecutive windows share most of their relationships. Only the windows the change columns
 * compare get two-hop reach (`reachWindows`); earlier ones, kept for a history of influence, get influence alone.
 * A score run that scores the latest window as its own graph passes those scores as `current` instead of paying twice.
 */
export interface WindowScoreOptions extends TimeViewOptions, ViewScoreOptions {
  /** Days between consecutive windows. Default: `windowDays`, or DEFAULT_PERIOD_DAYS without a window. */
  periodDays?: number | null;
  /** Number of windows, the latest first. Default 2 (now and the previous period). */
  count?: number;
  /** How many windows, the latest first, get two-hop reach. Default 2 (the two the reach change compares). */
  reachWindows?: number;
  /** The latest window's scores when already computed (see `scoresOfColumns`). Default null. */
  current?: ViewScores | null;
}

/** Klout scored the last 90 days; without a window, risers are measured over the same span. */
export const DEFAULT_PERIOD_DAYS = 90;

export const WINDOW_SCORE_DEFAULTS: WindowScoreOptions = {
  asOf: null,
  windowDays: null,
  halfLifeDays: null,
  periodDays: null,
  count: 2,
  reachWindows: 2,
  current: null,
  pagerank: {},
  reach: {},
  start: null,
  signal: undefined,
};

export interface WindowScores {
  /** The latest window's options; the others are `periodDays` apart. */
  time: ResolvedTimeOptions;
  periodDays: number;
  /** One entry per window, the latest first. */
  windows: { time: ResolvedTimeOptions; scores: ViewScores }[];
}

/** Scores `count` consecutive windows, the latest first (see the module comment). */
export function scoreWindows(base: Snapshot, options?: WindowScoreOptions): WindowScores {
  const o = withDefaults(WINDOW_SCORE_DEFAULTS, options, 'time scores');
  const time = resolveTimeOptions(
    base,
    { asOf: o.asOf, windowDays: o.windowDays, halfLifeDays: o.halfLifeDays },
    'time scores',
  );
  const periodDays = o.periodDays ?? time.windowDays ?? DEFAULT_PERIOD_DAYS;
  checkNumber('time scores', 'periodDays', periodDays, { min: 0, exclusiveMin: true });
  const count = checkNumber('time scores', 'count', o.count, { min: 1, max: 1000, integer: true });
  const reachWindows = checkNumber('time scores', 'reachWindows', o.reachWindows, { min: 0, integer: true });
  const weighted = (o.pagerank?.weighted ?? false) || time.halfLifeDays !== null;
  const windows: WindowScores['windows'] = [];
  let start = o.start ?? null;
  for (let k = 0; k < count; k++) {
    throwIfAborted(o.signal);
    const windowTime = earlierTime(time, periodDays, k);
    const scores =
      k === 0 && o.current
        ? o.current
        : scoreView(timeView(base, windowTime), {
            pagerank: { ...o.pagerank, weighted },
            reach: k < reachWindows ? o.reach : null,
            start,
            signal: o.signal,
          });
    windows.push({ time: windowTime, scores });
    start = scores.pagerank;
  }
  return { time, periodDays, windows };
}

export interface InfluenceTrend {
  influenceChange: Float64Array;
  influenceRankChange: Float64Array;
  /** Null when either window was scored without two-hop reach. */
  reachChange: Float64Array | null;
}

/** The change columns between a window (`now`) and an earlier one (`then`), as the module comment defines them. */
export function influenceTrend(now: ViewScores, then: ViewScores): InfluenceTrend {
  const n = now.influence.length;
  if (then.influence.length !== n)
    throw new InvalidOptionsError('influence trend', 'both windows must score the same people');
  const rankNow = ranksAmongPresent(now.influence);
  const rankThen = ranksAmongPresent(then.influence);
  const influenceChange = new Float64Array(n);
  const influenceRankChange = new Float64Array(n);
  const reachChange = now.reach2 && then.reach2 ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const inNow = now.present[i] === 1;
    const inThen = then.present[i] === 1;
    if (!inNow && !inThen) {
      influenceChange[i] = NaN;
      influenceRankChange[i] = NaN;
      if (reachChange) reachChange[i] = NaN;
      continue;
    }
    influenceChange[i] = (inNow ? now.influence[i] : 0) - (inThen ? then.influence[i] : 0);
    influenceRankChange[i] = inNow && inThen ? rankThen[i] - rankNow[i] : NaN;
    if (reachChange) reachChange[i] = (inNow ? now.reach2![i] : 0) - (inThen ? then.reach2![i] : 0);
  }
  return { influenceChange, influenceRankChange, reachChange };
}

/**
 * Rank by decreasing value among the people with a value (1 + the number with a strictly greater value); NaN otherwise.
 */
export function ranksAmongPresent(values: Float64Array): Float64Array {
  const n = values.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i])) order.push(i);
  order.sort((a, b) => values[b] - values[a]);
  const ranks = new Float64Array(n).fill(NaN);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    ranks[i] = k > 0 && values[order[k - 1]] === values[i] ? ranks[order[k - 1]] : k + 1;
  }
  return ranks;
}
