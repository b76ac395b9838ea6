import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../../graph/algorithms/diffusion/alias.ts';
import {
  diffusionGraph,
  type DiffusionModel,
  type ProbabilityChoice,
} from '../../../graph/algorithms/diffusion/probabilities.ts';
import { RRSets, rrContext, sampleRRSets } from '../../../graph/algorithms/diffusion/rr-sets.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { Random } from '../../../graph/random.ts';
import { snapshotFromEdges, type Snapshot } from '../../../graph/snapshot.ts';
import { exactIC, exactLT, weightedCascade, type ProbabilityEdge } from './live-edge-worlds.ts';

// Two cycles sharing c, a hub h with five influencers (in-degree 5 exercises geometric skipping), a person with none.
const EDGES: Array<[string, string]> = [
  ['a', 'b'],
  ['b', 'c'],
  ['c', 'a'],
  ['c', 'd'],
  ['d', 'c'],
  ['a', 'h'],
  ['b', 'h'],
  ['c', 'h'],
  ['d', 'h'],
  ['x', 'h'],
  ['h', 'y'],
  ['x', 'y'],
];
const NODES = ['a', 'b', 'c', 'd', 'h', 'x', 'y'];
const THETA = 200_000;

/** How many of the sets contain each person. */
function memberships(sets: RRSets, n: number): Float64Array {
  const counts = new Float64Array(n);
  for (let s = 0; s < sets.count; s++) {
    for (let i = sets.offsets[s]; i < sets.offsets[s + 1]; i++) counts[sets.pool[i]]++;
  }
  return counts;
}

/** The estimate scale x count / theta is within 4.5 binomial standard errors of the exact value. */
function expectEstimate(count: number, scale: number, exact: number): void {
  const p = exact / scale;
  const tolerance = 4.5 * scale * Math.sqrt((p * (1 - p)) / THETA);
  expect(Math.abs((scale * count) / THETA - exact)).toBeLessThanOrEqual(tolerance + 1e-9);
}

function sample(
  snapshot: Snapshot,
  model: DiffusionModel,
  probability: ProbabilityChoice,
  roots: AliasTable | null = null,
): RRSets {
  const sets = new RRSets();
  sampleRRSets(rrContext(diffusionGraph(snapshot, model, probability), roots), [sets], {
    seeds: [3],
    sets: THETA,
    threads: 1,
  });
  return sets;
}

describe("RR sets estimate every person's spread (n x share of sets containing them)", () => {
  const snapshot = snapshotFromEdges(EDGES);
  const n = snapshot.nodeCount;
  const cases: Array<[string, DiffusionModel, ProbabilityChoice, ProbabilityEdge[]]> = [
    ['IC, weighted cascade (geometric skipping)', 'ic', { kind: 'wc' }, weightedCascade(EDGES)],
    [
      'IC, uniform 0.35',
      'ic',
      { kind: 'uniform', p: 0.35 },
      EDGES.map(([source, target]) => ({ source, target, p: 0.35 })),
    ],
    ['LT, weighted cascade', 'lt', { kind: 'wc' }, weightedCascade(EDGES)],
    [
      // A walk stops at a person with probability 1 - d x 0.3 (0.7 at a, 0.4 at c); h's five in-edges, 1.5 in all,
      // are scaled to 1/5 each.
      'LT, uniform weight 0.3 (scaled where d x 0.3 > 1)',
      'lt',
      { kind: 'uniform', p: 0.3 },
      EDGES.map(([source, target]) => {
        const d = EDGES.filter(([, t]) => t === target).length;
        return { source, target, p: d * 0.3 > 1 ? 1 / d : 0.3 };
      }),
    ],
  ];
  for (const [name, model, probability, edges] of cases) {
    it(name, () => {
      const counts = memberships(sample(snapshot, model, probability), n);
      for (const id of NODES) {
        const exact = model === 'ic' ? exactIC(NODES, edges, [id]) : exactLT(NODES, edges, [id]);
        expectEstimate(counts[snapshot.indexOfOrThrow(id)], n, exact);
      }
    });
  }

  it('IC with mixed weights (one draw per edge) and certain edges', () => {
    const weights = [1, 0.5, 0.25, 0.8, 0.1, 0.3, 0.9, 1, 0.2, 0.6, 0.7, 0.05];
    const weighted = snapshotFromEdges(EDGES.map(([s, t], i) => [s, t, weights[i]] as [string, string, number]));
    const edges = EDGES.map(([source, target], i) => ({ source, target, p: weights[i] }));
    const counts = memberships(sample(weighted, 'ic', { kind: 'weight' }), n);
    for (const id of NODES) expectEstimate(counts[weighted.indexOfOrThrow(id)], n, exactIC(NODES, edges, [id]));
  });

  it('LT with weights normalised per person (a pick by cumulative weights)', () => {
    const weights = [2, 1, 1, 3, 1, 1, 2, 3, 1, 4, 1, 2];
    const weighted = snapshotFromEdges(EDGES.map(([s, t], i) => [s, t, weights[i]] as [string, string, number]));
    const into = new Map<string, number>();
    EDGES.forEach(([, t], i) => into.set(t, (into.get(t) ?? 0) + weights[i]));
    const edges = EDGES.map(([source, target], i) => ({ source, target, p: weights[i] / into.get(target)! }));
    const counts = memberships(sample(weighted, 'lt', { kind: 'weight' }), n);
    for (const id of NODES) expectEstimate(counts[weighted.indexOfOrThrow(id)], n, exactLT(NODES, edges, [id]));
  });

  it('roots in proportion to value estimate the value reached (total value x share)', () => {
    const value: Record<string, number> = { a: 1, b: 0, c: 3, d: 0.5, h: 10, x: 0, y: 20 };
    const weights = Float64Array.from({ length: n }, (_, i) => value[snapshot.ids.idOf(i)]);
    const roots = new AliasTable(weights);
    const counts = memberships(sample(snapshot, 'ic', { kind: 'wc' }, roots), n);
    for (const id of NODES) {
      expectEstimate(
        counts[snapshot.indexOfOrThrow(id)],
        roots.total,
        exactIC(NODES, weightedCascade(EDGES), [id], (v) => value[v]),
      );
    }
  });

  it('stores sets flat with the root first and no repeats, and is reproducible by seed', () => {
    const graph = diffusionGraph(snapshot, 'ic', { kind: 'wc' });
    const one = new RRSets();
    const two = new RRSets();
    sampleRRSets(rrContext(graph), [one], { seeds: [11], sets: 5_000, threads: 1 });
    sampleRRSets(rrContext(graph), [two], { seeds: [11], sets: 5_000, threads: 1 });
    expect(one.count).toBe(5_000);
    expect(one.pool.subarray(0, one.size)).toEqual(two.pool.subarray(0, two.size));
    for (let s = 0; s < one.count; s++) {
      const members = Array.from(one.pool.subarray(one.offsets[s], one.offsets[s + 1]));
      expect(new Set(members).size).toBe(members.length);
    }
  });
});

describe('RR sets far larger than the pools they start in', () => {
  it('are drawn whole: with every edge live, each set is everyone who reaches its root', () => {
    // One cycle of 1,200 people: everyone reaches everyone, so under IC with p = 1 the RR set of any root is all 1,200
    // people. A chunk of 2,048 such sets (2.4 million members) outgrows a thread's first pool (16,384 members) many
    // times over, on one thread and on two.
    const n = 1_200;
    const edges: Array<[string, string]> = Array.from({ length: n }, (_, i) => [`p${i}`, `p${(i + 1) % n}`]);
    const snapshot = snapshotFromEdges(edges);
    const graph = diffusionGraph(snapshot, 'ic', { kind: 'uniform', p: 1 });
    for (const threads of [1, 2]) {
      const sets = new RRSets();
      sampleRRSets(rrContext(graph), [sets], { seeds: [7], sets: 4_100, threads });
      expect(sets.count).toBe(4_100);
      expect(sets.size).toBe(4_100 * n);
      for (const s of [0, 2_047, 2_048, 4_099]) {
        const members = sets.pool.subarray(sets.offsets[s], sets.offsets[s + 1]);
        expect(new Set(members).size).toBe(n);
        // Breadth-first backwards from the root: the root, then its influencer, then theirs.
        expect(members[1]).toBe((members[0] + n - 1) % n);
      }
    }
  });

  it('under LT too: each long walk is drawn whole, the same on two threads as on one', () => {
    // A cycle of 3,000 under LT, weighted cascade: each person's one influencer is picked for sure, so every set is
    // the whole cycle walked backwards from its root. 4,097 sets of 3,000 members outgrow a pool of 2^20 members
    // every 349 sets: the set that did not fit is undone and drawn again in the next piece.
    const n = 3_000;
    const edges: Array<[string, string]> = Array.from({ length: n }, (_, i) => [`p${i}`, `p${(i + 1) % n}`]);
    const snapshot = snapshotFromEdges(edges);
    const graph = diffusionGraph(snapshot, 'lt', { kind: 'wc' });
    const drawn = [1, 2].map((threads) => {
      const sets = new RRSets();
      sampleRRSets(rrContext(graph), [sets], { seeds: [7], sets: 4_097, threads });
      return sets;
    });
    for (const sets of drawn) {
      expect(sets.count).toBe(4_097);
      expect(sets.size).toBe(4_097 * n);
      // Sets whose members do not follow the cycle backwards from their root, or do not hold all n: none.
      let broken = 0;
      const { pool, offsets } = sets;
      for (let s = 0; s < sets.count; s++) {
        let follows = offsets[s + 1] - offsets[s] === n;
        for (let i = offsets[s] + 1; follows && i < offsets[s + 1]; i++)
          follows = pool[i] === (pool[i - 1] + n - 1) % n;
        if (!follows) broken++;
      }
      expect(broken).toBe(0);
    }
    // The same sets on two threads as on one (compared in a loop: 12 million members).
    let differing = 0;
    for (let i = 0; i < drawn[0].size; i++) if (drawn[0].pool[i] !== drawn[1].pool[i]) differing++;
    expect(differing).toBe(0);
  });
});

describe('alias table', () => {
  it('draws in proportion to the weights and never a zero weight', () => {
    const weights = [0, 1, 2, 0, 7];
    const table = new AliasTable(weights);
    const rng = new Random(5);
    const counts = [0, 0, 0, 0, 0];
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[table.draw(rng.next(), rng.next())]++;
    expect(counts[0]).toBe(0);
    expect(counts[3]).toBe(0);
    for (const i of [1, 2, 4]) {
      const p = weights[i] / 10;
      expect(Math.abs(counts[i] / draws - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / draws));
    }
    expect(() => new AliasTable([0, 0])).toThrow(InvalidOptionsError);
    expect(() => new AliasTable([1, -1])).toThrow(/non-negative/);
  });
});
