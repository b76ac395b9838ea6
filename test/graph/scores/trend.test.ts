import { describe, expect, it } from 'vitest';
import type { Relationship } from '../../../graph/model.ts';
import { influenceTrend, ranksAmongPresent, scoreWindows } from '../../../graph/scores/trend.ts';
import { pagerank } from '../../../graph/algorithms/pagerank.ts';
import { reach } from '../../../graph/algorithms/reach.ts';
import { scoresOfColumns } from '../../../graph/scores/view-scores.ts';
import { snapshotFrom } from '../../../graph/snapshot.ts';
import { SECONDS_PER_DAY, timeView } from '../../../graph/views/time.ts';

const day = (d: number) => d * SECONDS_PER_DAY;
const follow = (speaker: string, follower: string, d: number): Relationship => ({
  source: speaker,
  target: follower,
  kind: 'follows',
  weight: 1,
  time: day(d),
});

/**
 * Influence of a star centre in a graph of stars whose followers each follow one centre and are followed by nobody,
 * worked out by hand from the PageRank equations (damping d, N people, L followers): a follower's rank is the base
 * b/N, a centre's b/N (1 + d k) with k followers, and the ranks sum to b/N (N + d L) = 1. Influence is N times rank.
 */
const centre = (k: number, N: number, L: number, d = 0.85) => (N * (1 + d * k)) / (N + d * L);
const follower = (N: number, L: number, d = 0.85) => N / (N + d * L);

describe('risers and fallers between two windows', () => {
  // Days (0, 90]: x has four followers, y one. Days (90, 180]: x has one new follower, y six.
  const relationships = [
    ...['g1', 'g2', 'g3', 'g4'].map((g, k) => follow('x', g, 10 + 10 * k)),
    follow('y', 'g5', 60),
    follow('x', 'h1', 100),
    ...['h2', 'h3', 'h4', 'h5', 'h6', 'h7'].map((h, k) => follow('y', h, 110 + 10 * k)),
  ];
  const base = snapshotFrom([{ id: 'nobody' }], relationships);
  const result = scoreWindows(base, { asOf: day(180), windowDays: 90 });
  const [now, then] = result.windows.map((w) => w.scores);
  const trend = influenceTrend(now, then);
  const at = (column: Float64Array, id: string) => column[base.indexOfOrThrow(id)];

  it('scores the window and the previous one of the same length', () => {
    expect(result.periodDays).toBe(90);
    expect(result.windows.map((w) => w.time.asOf)).toEqual([day(180), day(90)]);
    expect(then.presentCount).toBe(7);
    expect(now.presentCount).toBe(9);
    expect(at(then.influence, 'x')).toBeCloseTo(centre(4, 7, 5), 9);
    expect(at(then.influence, 'y')).toBeCloseTo(centre(1, 7, 5), 9);
    expect(at(now.influence, 'y')).toBeCloseTo(centre(6, 9, 7), 9);
    expect(at(now.influence, 'h3')).toBeCloseTo(follower(9, 7), 9);
    expect(at(now.influence, 'g1')).toBeNaN();
  });

  it('y rises most, x falls, newcomers count from 0 and those gone fall to 0', () => {
    expect(at(trend.influenceChange, 'y')).toBeCloseTo(centre(6, 9, 7) - centre(1, 7, 5), 9);
    expect(at(trend.influenceChange, 'x')).toBeCloseTo(centre(1, 9, 7) - centre(4, 7, 5), 9);
    expect(at(trend.influenceChange, 'h2')).toBeCloseTo(follower(9, 7), 9);
    expect(at(trend.influenceChange, 'g2')).toBeCloseTo(-follower(7, 5), 9);
    expect(at(trend.influenceChange, 'nobody')).toBeNaN();
    const top = Array.from(trend.influenceChange.keys())
      .filter((i) => !Number.isNaN(trend.influenceChange[i]))
      .sort((a, b) => trend.influenceChange[b] - trend.influenceChange[a]);
    expect(base.ids.idOf(top[0])).toBe('y');
    expect(base.ids.idOf(top[top.length - 1])).toBe('x');
  });

  it('rank change: y from second to first, x from first to second; empty unless present in both windows', () => {
    expect(at(trend.influenceRankChange, 'y')).toBe(1);
    expect(at(trend.influenceRankChange, 'x')).toBe(-1);
    expect(at(trend.influenceRankChange, 'h2')).toBeNaN();
    expect(at(trend.influenceRankChange, 'g1')).toBeNaN();
  });

  it('reach change: two-hop reach now minus then', () => {
    expect(at(trend.reachChange!, 'y')).toBe(6 - 1);
    expect(at(trend.reachChange!, 'x')).toBe(1 - 4);
    expect(at(trend.reachChange!, 'g1')).toBe(0);
  });

  it("reuses a score run's own columns for the latest window, and gives reach to the compared windows only", () => {
    const view = timeView(base, { asOf: day(180), windowDays: 90 });
    const ranks = pagerank(view.snapshot);
    const current = scoresOfColumns(view, {
      pagerank: ranks.scores,
      pagerankIterations: ranks.iterations,
      reach2: reach(view.snapshot).reach2,
    });
    const reused = scoreWindows(base, { asOf: day(180), windowDays: 90, count: 3, current });
    expect(reused.windows[0].scores).toBe(current);
    const again = influenceTrend(reused.windows[0].scores, reused.windows[1].scores);
    for (const [k, column] of [trend.influenceChange, trend.influenceRankChange, trend.reachChange!].entries()) {
      const other = [again.influenceChange, again.influenceRankChange, again.reachChange!][k];
      column.forEach((value, i) =>
        Number.isNaN(value) ? expect(other[i]).toBeNaN() : expect(other[i]).toBeCloseTo(value, 9),
      );
    }
    expect(reused.windows[1].scores.reach2).not.toBeNull();
    expect(reused.windows[2].scores.reach2).toBeNull();
  });

  it('without a window compares the graph as it stood one period earlier', () => {
    const cumulative = scoreWindows(base, { asOf: day(180), periodDays: 90 });
    const [all, before] = cumulative.windows.map((w) => w.scores);
    expect(all.presentCount).toBe(14);
    expect(before.presentCount).toBe(7);
    // Now: x has five followers, y seven, among 14 people with 12 followers.
    expect(at(all.influence, 'y')).toBeCloseTo(centre(7, 14, 12), 9);
    expect(at(influenceTrend(all, before).influenceRankChange, 'y')).toBe(1);
  });
});

describe('ranks among the people present', () => {
  it('ranks by decreasing value, ties sharing the better rank, empty values unranked', () => {
    expect(Array.from(ranksAmongPresent(Float64Array.from([0.5, NaN, 2, 0.5, 1])))).toEqual([3, NaN, 1, 3, 2]);
  });
});
