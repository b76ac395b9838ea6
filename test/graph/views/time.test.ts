import { describe, expect, it } from 'vitest';
import { pagerank } from '../../../graph/algorithms/pagerank.ts';
import type { Relationship } from '../../../graph/model.ts';
import { scoreView, scoresOfColumns } from '../../../graph/scores/view-scores.ts';
import { snapshotFrom, type Snapshot } from '../../../graph/snapshot.ts';
import { latestTime, SECONDS_PER_DAY, timeView } from '../../../graph/views/time.ts';
import { loadOracle } from '../../oracles.ts';

const day = (d: number) => d * SECONDS_PER_DAY;

// A hand-made temporal graph (influence direction, source influences target); d -> a has no time.
const RELATIONSHIPS: Relationship[] = [
  { source: 'a', target: 'b', kind: 'influences', weight: 1, time: day(10) },
  { source: 'a', target: 'c', kind: 'influences', weight: 2, time: day(20) },
  { source: 'b', target: 'c', kind: 'influences', weight: 1, time: day(30) },
  { source: 'c', target: 'd', kind: 'influences', weight: 1, time: day(40) },
  { source: 'd', target: 'a', kind: 'influences', weight: 4 },
  { source: 'e', target: 'f', kind: 'influences', weight: 1, time: day(50) },
];

/** The view's relationships as "source>target:weight", sorted. */
function edgesOf(snapshot: Snapshot): string[] {
  const edges: string[] = [];
  for (let s = 0; s < snapshot.nodeCount; s++) {
    for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
      edges.push(
        `${snapshot.ids.idOf(s)}>${snapshot.ids.idOf(snapshot.outTargets[e])}:${snapshot.outWeights[e].toPrecision(6)}`,
      );
    }
  }
  return edges.sort();
}

function presentIds(snapshot: Snapshot, present: Uint8Array): string[] {
  return Array.from({ length: snapshot.nodeCount }, (_, i) => i)
    .filter((i) => present[i])
    .map((i) => snapshot.ids.idOf(i))
    .sort();
}

describe('time views on a hand-made temporal graph', () => {
  const base = snapshotFrom([], RELATIONSHIPS);

  it('keeps each relationship time in the snapshot, NaN where it has none', () => {
    const times = new Map<string, number>();
    for (let s = 0; s < base.nodeCount; s++) {
      for (let e = base.outOffsets[s]; e < base.outOffsets[s + 1]; e++) {
        times.set(`${base.ids.idOf(s)}>${base.ids.idOf(base.outTargets[e])}`, base.edgeAttributes.time![e]);
      }
    }
    expect(times.get('a>c')).toBe(day(20));
    expect(times.get('d>a')).toBeNaN();
    expect(latestTime(base)).toBe(day(50));
    expect(base.edgeAttributes.channels).toBeNull();
  });

  it('as of a date leaves out later relationships and keeps those without a time', () => {
    const view = timeView(base, { asOf: day(35) });
    expect(edgesOf(view.snapshot)).toEqual(['a>b:1.00000', 'a>c:2.00000', 'b>c:1.00000', 'd>a:4.00000']);
    expect(presentIds(view.snapshot, view.present)).toEqual(['a', 'b', 'c', 'd']);
    expect(view.presentCount).toBe(4);
    // Same people, same indexing: columns line up with the base.
    expect(view.snapshot.nodeCount).toBe(base.nodeCount);
    expect(view.snapshot.ids).toBe(base.ids);
  });

  it('a window keeps the days after asOf - window, up to asOf', () => {
    // (20, 35]: a>c at day 20 is on the boundary and left out.
    const view = timeView(base, { asOf: day(35), windowDays: 15 });
    expect(edgesOf(view.snapshot)).toEqual(['b>c:1.00000', 'd>a:4.00000']);
    expect(presentIds(view.snapshot, view.present)).toEqual(['a', 'b', 'c', 'd']);
    expect(edgesOf(timeView(base, { asOf: day(35), windowDays: 15.5 }).snapshot)).toContain('a>c:2.00000');
  });

  it('a half-life decays each weight by 2^(-age / half-life), never the relationships without a time', () => {
    const view = timeView(base, { asOf: day(35), halfLifeDays: 10 });
    expect(edgesOf(view.snapshot)).toEqual([
      `a>b:${(1 * 2 ** -2.5).toPrecision(6)}`,
      `a>c:${(2 * 2 ** -1.5).toPrecision(6)}`,
      `b>c:${(1 * 2 ** -0.5).toPrecision(6)}`,
      'd>a:4.00000',
    ]);
    // In-edges carry the same decayed weights.
    const c = base.indexOfOrThrow('c');
    const into = Array.from(
      view.snapshot.inWeights.subarray(view.snapshot.inOffsets[c], view.snapshot.inOffsets[c + 1]),
    ).sort();
    expect(into).toEqual([Math.fround(2 * 2 ** -1.5), Math.fround(2 ** -0.5)].sort());
  });

  it('defaults to the latest time, which keeps everything', () => {
    const view = timeView(base);
    expect(view.time.asOf).toBe(day(50));
    expect(edgesOf(view.snapshot)).toEqual(edgesOf(base));
    expect(view.presentCount).toBe(6);
  });

  it('refuses bad options with the option named', () => {
    expect(() => timeView(base, { windowDays: 0 })).toThrow(/time view: "windowDays" must be greater than 0/);
    expect(() => timeView(base, { halfLifeDays: -1 })).toThrow(/"halfLifeDays"/);
    expect(() => timeView(base, { asOf: Infinity })).toThrow(/"asOf" must be a finite date/);
    // @ts-expect-error: an unknown option on purpose
    expect(() => timeView(base, { window: 3 })).toThrow(/unknown option "window"/);
  });
});

describe('decayed PageRank against NetworkX', () => {
  const oracle = loadOracle<{
    edges: [string, string, number, number | null][];
    asOf: number;
    windowDays: number;
    halfLifeDays: number;
    as_of: Record<string, number>;
    window: Record<string, number>;
    decayed: Record<string, number>;
    window_decayed: Record<string, number>;
    window_decayed_subgraph: Record<string, number>;
  }>('pagerank-temporal').values;
  // NetworkX ran on attention edges [listener, speaker]: influence runs the other way.
  const people = Object.keys(oracle.as_of).map((id) => ({ id }));
  const base = snapshotFrom(
    people,
    oracle.edges.map(([listener, speaker, weight, time]) => ({
      source: speaker,
      target: listener,
      kind: 'influences' as const,
      weight,
      ...(time !== null && { time }),
    })),
  );
  const { asOf, windowDays, halfLifeDays } = oracle;

  function distance(scores: Float64Array, expected: Record<string, number>): number {
    expect(Object.keys(expected)).toHaveLength(base.nodeCount);
    return Object.entries(expected).reduce(
      (sum, [id, value]) => sum + Math.abs(scores[base.indexOfOrThrow(id)] - value),
      0,
    );
  }

  it('as of a date and over a window (unweighted) equals nx.pagerank on the same edges', () => {
    expect(distance(pagerank(timeView(base, { asOf }).snapshot).scores, oracle.as_of)).toBeLessThan(1e-9);
    expect(distance(pagerank(timeView(base, { asOf, windowDays }).snapshot).scores, oracle.window)).toBeLessThan(1e-9);
  });

  it('with a half-life equals weighted nx.pagerank on the decayed weights', () => {
    // Decayed weights are held as Float32 (relative error 6e-8), hence the tolerance.
    const decayed = pagerank(timeView(base, { asOf, halfLifeDays }).snapshot, { weighted: true }).scores;
    expect(distance(decayed, oracle.decayed)).toBeLessThan(1e-6);
    const windowed = pagerank(timeView(base, { asOf, windowDays, halfLifeDays }).snapshot, { weighted: true }).scores;
    expect(distance(windowed, oracle.window_decayed)).toBeLessThan(1e-6);
  });

  it('restricted to the people present, equals nx.pagerank on the view subgraph alone', () => {
    const view = timeView(base, { asOf, windowDays, halfLifeDays });
    const scores = scoreView(view, { pagerank: { weighted: true }, reach: null });
    const present = Object.keys(oracle.window_decayed_subgraph);
    expect(view.presentCount).toBe(present.length);
    expect(view.presentCount).toBeLessThan(base.nodeCount);
    let sum = 0;
    for (const id of present)
      sum += Math.abs(
        scores.influence[base.indexOfOrThrow(id)] / view.presentCount - oracle.window_decayed_subgraph[id],
      );
    expect(sum).toBeLessThan(1e-6);
    // A score run's own PageRank with everyone, restricted to the present and renormalised, gives the same.
    const everyone = pagerank(view.snapshot, { weighted: true });
    const reused = scoresOfColumns(view, {
      pagerank: everyone.scores,
      pagerankIterations: everyone.iterations,
      reach2: null,
    });
    let apart = 0;
    for (const id of present)
      apart += Math.abs(reused.influence[base.indexOfOrThrow(id)] - scores.influence[base.indexOfOrThrow(id)]);
    expect(apart / view.presentCount).toBeLessThan(1e-9);
    const absent = people.filter((p) => !(p.id in oracle.window_decayed_subgraph));
    expect(absent.length).toBeGreaterThan(0);
    for (const { id } of absent) {
      expect(scores.influence[base.indexOfOrThrow(id)]).toBeNaN();
      expect(scores.audience[base.indexOfOrThrow(id)]).toBeNaN();
      expect(reused.influence[base.indexOfOrThrow(id)]).toBeNaN();
    }
  });
});
