import { describe, expect, it } from 'vitest';
import { pagerank } from '../../../graph/algorithms/pagerank.ts';
import type { Relationship } from '../../../graph/model.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import { snapshotFrom } from '../../../graph/snapshot.ts';
import { SECONDS_PER_DAY, timeView } from '../../../graph/views/time.ts';

const day = (d: number) => d * SECONDS_PER_DAY;
const follow = (speaker: string, follower: string, d: number | undefined): Relationship => ({
  source: speaker,
  target: follower,
  kind: 'follows',
  weight: 1,
  ...(d === undefined ? {} : { time: day(d) }),
});

/**
 * Influence (N x PageRank) of a star centre with k followers among N people and L follow relationships, where
 * followers are followed by nobody, worked out by hand from the PageRank equations (see trend.test.ts):
 * N (1 + d k) / (N + d L).
 */
const centre = (k: number, N: number, L: number, d = 0.85) => (N * (1 + d * k)) / (N + d * L);

// Days (0, 90]: x has four followers, y one. Days (90, 180]: x gains one follower, y six.
const relationships = [
  ...['g1', 'g2', 'g3', 'g4'].map((g, k) => follow('x', g, 10 + 10 * k)),
  follow('y', 'g5', 60),
  follow('x', 'h1', 100),
  ...['h2', 'h3', 'h4', 'h5', 'h6', 'h7'].map((h, k) => follow('y', h, 110 + 10 * k)),
];
const base = snapshotFrom([], relationships);
const N = base.nodeCount;

describe('a score run as of a date, over a window, with a half-life', () => {
  it('as of a date, every family scores the graph as it stood then (later relationships left out)', async () => {
    const set = await computeScores(base, { only: ['influence', 'reach'], time: { asOf: day(90) } });
    const at = (column: string, id: string) => set.columns[column][base.indexOfOrThrow(id)];
    // As of day 90: x has g1..g4, y has g5; everyone else is isolated (5 relationships among all N people).
    expect(at('influence', 'x')).toBeCloseTo(centre(4, N, 5), 8);
    expect(at('influence', 'y')).toBeCloseTo(centre(1, N, 5), 8);
    expect(at('audience', 'y')).toBe(1);
    expect(at('audience', 'x')).toBe(4);
    expect(set.meta.time).toEqual({
      asOf: new Date(day(90) * 1000).toISOString(),
      windowDays: null,
      halfLifeDays: null,
      periodDays: 90,
    });
  });

  it('the trend columns compare the window with the previous one, in the same run', async () => {
    const set = await computeScores(base, { only: ['trend'], time: { asOf: day(180), windowDays: 90 } });
    expect(set.meta.families).toEqual(['influence', 'reach', 'trend']);
    const at = (column: string, id: string) => set.columns[column][base.indexOfOrThrow(id)];
    // Window (90, 180]: 9 people present, 7 relationships; window (0, 90]: 7 present, 5 relationships.
    expect(at('influence_change', 'y')).toBeCloseTo(centre(6, 9, 7) - centre(1, 7, 5), 8);
    expect(at('influence_change', 'x')).toBeCloseTo(centre(1, 9, 7) - centre(4, 7, 5), 8);
    // x led then and y now: each moved one place.
    expect(at('influence_rank_change', 'y')).toBe(1);
    expect(at('influence_rank_change', 'x')).toBe(-1);
    // Two-hop reach: y's followers follow nobody, so reach is the audience: 6 now against 1.
    expect(at('reach_change', 'y')).toBe(5);
    expect(at('influence_rank_change', 'h2')).toBeNaN();
    expect(set.meta.summary.trendPresentNow).toBe(9);
    expect(set.meta.summary.trendPresentBefore).toBe(7);
    expect(set.meta.time).toMatchObject({ windowDays: 90, periodDays: 90 });
  });

  it('with a half-life, influence is weighted PageRank on the decayed weights', async () => {
    const set = await computeScores(base, { only: ['influence'], time: { asOf: day(180), halfLifeDays: 30 } });
    const decayed = timeView(base, { asOf: day(180), halfLifeDays: 30 }).snapshot;
    const expected = pagerank(decayed, { weighted: true }).scores;
    const plain = pagerank(base).scores;
    const x = base.indexOfOrThrow('x');
    expect(set.columns.pagerank[x]).toBeCloseTo(expected[x], 10);
    // Old followers count less: x, whose followers are mostly old, weighs less than undecayed.
    expect(expected[x]).toBeLessThan(plain[x]);
    expect(set.meta.time?.halfLifeDays).toBe(30);
  });

  it('without relationship times, the trend is empty (not 0) and the set says there was no time', async () => {
    const timeless = snapshotFrom(
      [],
      relationships.map((r) => follow(r.source, r.target, undefined)),
    );
    const set = await computeScores(timeless, { only: ['trend'] });
    expect(Array.from(set.columns.influence_change).every(Number.isNaN)).toBe(true);
    expect(Array.from(set.columns.reach_change).every(Number.isNaN)).toBe(true);
    expect(set.meta.time).toEqual({ asOf: null, windowDays: null, halfLifeDays: null, periodDays: 90 });
  });
});
