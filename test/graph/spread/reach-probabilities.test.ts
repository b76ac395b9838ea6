import { describe, expect, it } from 'vitest';
import { CascadeSimulator } from '../../../graph/algorithms/diffusion/cascade.ts';
import { diffusionGraph, type DiffusionModel } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { wilsonInterval } from '../../../graph/algorithms/spread/intervals.ts';
import {
  mostLikelyReached,
  reachProbabilities,
  ReachTally,
} from '../../../graph/algorithms/spread/reach-probabilities.ts';
import { CommunityGroups } from '../../../graph/algorithms/spread/tally.ts';
import { CancelledError, InvalidOptionsError } from '../../../graph/errors.ts';
import { Random } from '../../../graph/random.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import {
  exactIC,
  exactLT,
  SMALL_CASES,
  SMALL_EDGES,
  SMALL_NODES,
  weightedCascade,
  type ProbabilityEdge,
} from '../diffusion/live-edge-worlds.ts';
import { expectWithin } from '../diffusion/expect-estimate.ts';

const snapshot = snapshotFromEdges(SMALL_EDGES);
const indices = (ids: string[]) => ids.map((id) => snapshot.indexOfOrThrow(id));
/** Communities of the small graph: {a, b}, {c, d}, {e}; f belongs to none. */
const COMMUNITY: Record<string, number> = { a: 0, b: 0, c: 1, d: 1, e: 2, f: NaN };
const communities = Float64Array.from({ length: snapshot.nodeCount }, (_, v) => COMMUNITY[snapshot.ids.idOf(v)]);

type Exact = (seeds: string[], value: (id: string) => number) => number;

/** Each person's exact probability lies inside a 4.5-sigma Wilson interval (a 1-in-150,000 miss when correct). */
function expectPeopleExact(result: ReturnType<typeof reachProbabilities>, seeds: string[], exact: Exact): void {
  for (const id of SMALL_NODES) {
    const v = snapshot.indexOfOrThrow(id);
    const truth = exact(seeds, (w) => (w === id ? 1 : 0));
    const [low, high] = wilsonInterval(result.people.reached[v], result.runs, 4.5);
    expect(truth, `P(${id} reached)`).toBeGreaterThanOrEqual(low - 1e-12);
    expect(truth, `P(${id} reached)`).toBeLessThanOrEqual(high + 1e-12);
    expect(result.people.probability[v]).toBe(result.people.reached[v] / result.runs);
    expect(result.people.low[v]).toBeLessThanOrEqual(result.people.probability[v]);
    expect(result.people.high[v]).toBeGreaterThanOrEqual(result.people.probability[v]);
  }
}

describe('reach probabilities against enumeration of live-edge worlds', () => {
  const wc = weightedCascade(SMALL_EDGES);
  for (const [model, seeds] of SMALL_CASES) {
    it(`${model.toUpperCase()}, weighted cascade, from ${seeds.join(',')}: every person and every community`, () => {
      const exact: Exact = (s, value) =>
        model === 'ic' ? exactIC(SMALL_NODES, wc, s, value) : exactLT(SMALL_NODES, wc, s, value);
      const result = reachProbabilities(snapshot, indices(seeds), { model, runs: 100_000, communities });
      expectPeopleExact(result, seeds, exact);
      for (const id of seeds) expect(result.people.probability[snapshot.indexOfOrThrow(id)]).toBe(1);
      expectWithin(
        result.total,
        exact(seeds, () => 1),
      );
      expect(result.communities!.map((c) => c.community).sort()).toEqual([0, 1, 2]);
      for (const c of result.communities!) {
        const members = SMALL_NODES.filter((id) => COMMUNITY[id] === c.community);
        expect(c.size).toBe(members.length);
        expect(c.starting).toBe(seeds.filter((id) => COMMUNITY[id] === c.community).length);
        expectWithin(
          c.expected,
          exact(seeds, (id) => (COMMUNITY[id] === c.community ? 1 : 0)),
        );
        expect(c.expected.ci95[0]).toBeGreaterThanOrEqual(c.starting);
        expect(c.expected.ci95[1]).toBeLessThanOrEqual(c.size);
        expect(c.share).toBeCloseTo(c.expected.mean / c.size, 12);
      }
      const means = result.communities!.map((c) => c.expected.mean);
      expect(means).toEqual([...means].sort((x, y) => y - x));
    });
  }

  it('IC with uniform p and with weights read as probabilities; LT with weights normalised', () => {
    const uniform: ProbabilityEdge[] = SMALL_EDGES.map(([source, target]) => ({ source, target, p: 0.3 }));
    const byUniform = reachProbabilities(snapshot, indices(['a']), { probability: 'uniform:0.3', runs: 100_000 });
    expectPeopleExact(byUniform, ['a'], (s, value) => exactIC(SMALL_NODES, uniform, s, value));

    const weights = [0.9, 0.2, 0.5, 0.7, 0.1, 1, 0.35, 0.6];
    const weighted = snapshotFromEdges(SMALL_EDGES.map(([s, t], i) => [s, t, weights[i]] as [string, string, number]));
    expect(weighted.ids.idOf(0)).toBe(snapshot.ids.idOf(0)); // same numbering, so expectPeopleExact's indices hold
    const edges = SMALL_EDGES.map(([source, target], i) => ({ source, target, p: weights[i] }));
    const ic = reachProbabilities(weighted, indices(['a', 'e']), { probability: 'weight', runs: 100_000 });
    expectPeopleExact(ic, ['a', 'e'], (s, value) => exactIC(SMALL_NODES, edges, s, value));

    const into = new Map<string, number>();
    SMALL_EDGES.forEach(([, t], i) => into.set(t, (into.get(t) ?? 0) + weights[i]));
    const normalised = SMALL_EDGES.map(([source, target], i) => ({
      source,
      target,
      p: weights[i] / into.get(target)!,
    }));
    const lt = reachProbabilities(weighted, indices(['a']), { model: 'lt', probability: 'weight', runs: 100_000 });
    expectPeopleExact(lt, ['a'], (s, value) => exactLT(SMALL_NODES, normalised, s, value));
  });
});

describe('reach probabilities: worlds, reproducibility and options', () => {
  it('the same seed gives the same result, another seed another', () => {
    const a = reachProbabilities(snapshot, indices(['a']), { runs: 1_000, seed: 7, communities });
    expect(reachProbabilities(snapshot, indices(['a']), { runs: 1_000, seed: 7, communities })).toEqual(a);
    expect(reachProbabilities(snapshot, indices(['a']), { runs: 1_000, seed: 8 }).people.reached).not.toEqual(
      a.people.reached,
    );
  });

  it('chunks of worlds add up to the same tally in any order', () => {
    for (const model of ['ic', 'lt'] as const) {
      const graph = diffusionGraph(snapshot, model, { kind: 'wc' });
      const groups = new CommunityGroups(communities, snapshot.nodeCount, 'test');
      const seeds = Int32Array.from(indices(['a']));
      const whole = new ReachTally(snapshot.nodeCount, groups);
      whole.addWorlds(new CascadeSimulator(graph), seeds, 3, 0, 600);
      const later = new ReachTally(snapshot.nodeCount, groups);
      later.addWorlds(new CascadeSimulator(graph), seeds, 3, 256, 344);
      const earlier = new ReachTally(snapshot.nodeCount, groups);
      earlier.addWorlds(new CascadeSimulator(graph), seeds, 3, 0, 256);
      later.merge(earlier);
      expect(later.reached).toEqual(whole.reached);
      expect(later.moments.sum).toEqual(whole.moments.sum);
      expect(later.moments.sumOfSquares).toEqual(whole.moments.sumOfSquares);
      const viaOptions = reachProbabilities(snapshot, seeds, { model, runs: 600, seed: 3 });
      expect(viaOptions.people.reached).toEqual(whole.reached);
      // The chunks on one thread or on two (a pool worker runs some): the same counts and intervals.
      for (const threads of [1, 2]) {
        const run = reachProbabilities(snapshot, seeds, { model, runs: 600, seed: 3, communities, threads });
        expect(run.people.reached).toEqual(whole.reached);
        expect(run).toEqual(reachProbabilities(snapshot, seeds, { model, runs: 600, seed: 3, communities }));
      }
    }
  });

  it('a world is one live-edge world: adding starting people only adds people reached', () => {
    for (const model of ['ic', 'lt'] as const) {
      const simulator = new CascadeSimulator(diffusionGraph(snapshot, model, { kind: 'wc' }));
      for (let world = 0; world < 200; world++) {
        const small = new Set(simulator.active.slice(0, simulator.runInWorld(indices(['a']), 11, world)));
        simulator.run(indices(['b']), new Random(world)); // whatever ran in between does not change world `world`
        const again = new Set(simulator.active.slice(0, simulator.runInWorld(indices(['a']), 11, world)));
        expect(again).toEqual(small);
        const large = new Set(simulator.active.slice(0, simulator.runInWorld(indices(['a', 'e']), 11, world)));
        for (const v of small) expect(large.has(v)).toBe(true);
      }
    }
  });

  it('lists the people most likely reached, starting people left out', () => {
    const result = reachProbabilities(snapshot, indices(['a']), { runs: 2_000 });
    const top = mostLikelyReached(result, 3);
    expect(top).toHaveLength(3);
    expect(top).not.toContain(snapshot.indexOfOrThrow('a'));
    const p = result.people.probability;
    const others = SMALL_NODES.map((id) => snapshot.indexOfOrThrow(id)).filter(
      (v) => v !== snapshot.indexOfOrThrow('a') && p[v] > 0,
    );
    expect(top).toEqual(others.sort((x, y) => p[y] - p[x] || x - y).slice(0, 3));
    expect(snapshot.ids.idOf(top[0])).toMatch(/[bc]/); // a's direct listeners
  });

  it('counts repeated starting people once; everyone starting reaches everyone', () => {
    const everyone = reachProbabilities(snapshot, indices([...SMALL_NODES, 'a']), { runs: 300 });
    expect(everyone.starting).toHaveLength(SMALL_NODES.length);
    expect(Array.from(everyone.people.probability)).toEqual(SMALL_NODES.map(() => 1));
    expect(everyone.total.mean).toBe(SMALL_NODES.length);
    expect(everyone.total.ci95).toEqual([SMALL_NODES.length, SMALL_NODES.length]);
    expect(everyone.people.low[0]).toBeGreaterThan(0.98);
  });

  it('rejects bad options and starting people, and stops when cancelled', () => {
    expect(() => reachProbabilities(snapshot, [99])).toThrow(InvalidOptionsError);
    expect(() => reachProbabilities(snapshot, [99])).toThrow(/^reach probabilities: starting people: person index 99/);
    expect(() => reachProbabilities(snapshot, [])).toThrow(/at least one person/);
    expect(() => reachProbabilities(snapshot, [0], { runs: 0 })).toThrow(/"runs" must be at least 1/);
    expect(() => reachProbabilities(snapshot, [0], { model: 'sir' as DiffusionModel })).toThrow(/model/);
    expect(() => reachProbabilities(snapshot, [0], { probability: 'uniform:2' })).toThrow(/uniform/);
    expect(() => reachProbabilities(snapshot, [0], { bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
    expect(() => reachProbabilities(snapshot, [0], { communities: [1, 2] })).toThrow(/one label per person/);
    expect(() => reachProbabilities(snapshot, [0], { communities: [0.5, 0, 0, 0, 0, 0] })).toThrow(/not an integer/);
    const controller = new AbortController();
    controller.abort();
    expect(() => reachProbabilities(snapshot, [0], { signal: controller.signal })).toThrow(CancelledError);
  });

  it('reports progress per chunk of worlds, up to 1', () => {
    const seen: number[] = [];
    reachProbabilities(snapshot, [0], { runs: 1_000, onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([256 / 1000, 512 / 1000, 768 / 1000, 1]);
  });
});
