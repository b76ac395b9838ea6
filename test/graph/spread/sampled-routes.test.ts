import { describe, expect, it } from 'vitest';
import { reachProbabilities } from '../../../graph/algorithms/spread/reach-probabilities.ts';
import { sampleCascade } from '../../../graph/algorithms/spread/sampled-cascade.ts';
import { sampledRoutes } from '../../../graph/algorithms/spread/sampled-routes.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import { SMALL_EDGES } from '../diffusion/live-edge-worlds.ts';

describe('routes the message actually took, over the simulated worlds', () => {
  it('a diamond: the route through the first reached of two equal influencers takes the larger share', () => {
    // Weighted cascade: s reaches a and b surely (in-degree 1); each passes to t with probability 1/2. t is reached
    // with probability 3/4: through whichever of a, b came first when its relationship passed (1/2), otherwise
    // through the other (1/4).
    const diamond = snapshotFromEdges([
      ['s', 'a'],
      ['s', 'b'],
      ['a', 't'],
      ['b', 't'],
    ]);
    const at = (id: string) => diamond.indexOfOrThrow(id);
    const runs = 40_000;
    const result = sampledRoutes(diamond, [at('s')], at('t'), { runs });
    expect(result.distinct).toBe(2);
    expect(result.routes.map((r) => r.ids[1]).sort()).toEqual(['a', 'b']);
    const expected = [0.5, 0.25];
    result.routes.forEach((route, i) => {
      expect(route.ids[0]).toBe('s');
      expect(route.ids.at(-1)).toBe('t');
      expect(Math.abs(route.probability - expected[i])).toBeLessThanOrEqual(
        4.5 * Math.sqrt((expected[i] * (1 - expected[i])) / runs),
      );
      expect(route.low).toBeLessThan(route.probability);
    });
    expect(Math.abs(result.reached.probability - 0.75)).toBeLessThanOrEqual(4.5 * Math.sqrt((0.75 * 0.25) / runs));
    expect(result.routes[0].worlds + result.routes[1].worlds).toBe(result.reached.worlds);
  });

  for (const model of ['ic', 'lt'] as const) {
    it(`${model.toUpperCase()}: the routes split the worlds that reach the person, and are the sampled cascades' chains`, () => {
      const graph = snapshotFromEdges(SMALL_EDGES);
      const at = (id: string) => graph.indexOfOrThrow(id);
      const starting = [at('a'), at('e')];
      const runs = 3_000;
      const result = sampledRoutes(graph, starting, at('f'), { model, runs, top: 1000, seed: 4 });
      const probabilities = reachProbabilities(graph, starting, { model, runs, seed: 4 });
      expect(result.reached.worlds).toBe(probabilities.people.reached[at('f')]);
      expect(result.routes.reduce((sum, r) => sum + r.worlds, 0)).toBe(result.reached.worlds);
      expect(result.routes).toHaveLength(result.distinct);
      // World by world, the route is the chain of who convinced whom in the sampled cascade.
      const chains = new Map<string, number>();
      for (let world = 0; world < runs; world++) {
        const cascade = sampleCascade(graph, starting, { model, world, seed: 4 });
        const byOf = new Map(cascade.hops.flat().map((p) => [p.id, p.by]));
        if (!byOf.has('f')) continue;
        const chain = ['f'];
        while (byOf.get(chain[0])) chain.unshift(byOf.get(chain[0])!);
        chains.set(chain.join('-'), (chains.get(chain.join('-')) ?? 0) + 1);
      }
      expect(new Map(result.routes.map((r) => [r.ids.join('-'), r.worlds]))).toEqual(chains);
    });
  }

  it('a starting person is reached by themself; someone out of reach by no route', () => {
    const graph = snapshotFromEdges(SMALL_EDGES);
    const at = (id: string) => graph.indexOfOrThrow(id);
    const self = sampledRoutes(graph, [at('a')], at('a'), { runs: 100 });
    expect(self.routes.map((r) => [r.ids, r.probability])).toEqual([[['a'], 1]]);
    const none = sampledRoutes(graph, [at('f')], at('a'), { runs: 100 });
    expect(none.routes).toEqual([]);
    expect(none.note).toMatch(/in none of 100/);
    expect(() => sampledRoutes(graph, [at('a')], -1)).toThrow(/^sampled routes: target person index -1/);
    expect(() => sampledRoutes(graph, [at('a')], at('f'), { top: 0 })).toThrow(/"top" must be at least 1/);
  });
});
