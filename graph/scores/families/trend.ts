import { DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';
import { influenceTrend, scoreWindows } from '../trend.ts';
import { scoresOfColumns } from '../view-scores.ts';

/**
 * Risers and fallers in the same run (graph/scores/trend.ts): the scored window (this run's own influence and reach
 * columns, not recomputed) against the window one period earlier, scored on the whole stored graph as it stood then.
 * Without relationship times there is no earlier window: every value is empty.
 */
export const trendFamily = defineFamily({
  ...DECLARATIONS.trend,
  dependsOn: ['influence', 'reach'],
  defaults: {},
  compute({ snapshot, time, columns, summary, signal, onProgress }) {
    const n = snapshot.nodeCount;
    const empty = () => new Float64Array(n).fill(NaN);
    if (!time || time.base.edgeAttributes.time === null || time.view.time.asOf === null) {
      return { influence_change: empty(), influence_rank_change: empty(), reach_change: empty() };
    }
    const current = scoresOfColumns(time.view, {
      pagerank: columns.pagerank,
      pagerankIterations: 0,
      reach2: columns.reach2 ?? null,
    });
    onProgress(0.1);
    const { windows } = scoreWindows(time.base, {
      ...time.view.time,
      periodDays: time.periodDays,
      count: 2,
      reachWindows: 2,
      current,
      signal,
    });
    const trend = influenceTrend(windows[0].scores, windows[1].scores);
    summary.trendPeriodDays = time.periodDays;
    summary.trendPresentNow = windows[0].scores.presentCount;
    summary.trendPresentBefore = windows[1].scores.presentCount;
    return {
      influence_change: trend.influenceChange,
      influence_rank_change: trend.influenceRankChange,
      reach_change: trend.reachChange ?? empty(),
    };
  },
});
