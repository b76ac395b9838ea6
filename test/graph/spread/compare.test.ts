import { describe, expect, it } from 'vitest';
import { compareReach } from '../../../graph/algorithms/spread/compare.ts';
import { pairedDifferenceInterval } from '../../../graph/algorithms/spread/intervals.ts';
import { reachProbabilities } from '../../../graph/algorithms/spread/reach-probabilities.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import { exactIC, exactLT, SMALL_EDGES, SMALL_NODES, weightedCascade } from '../diffusion/live-edge-worlds.ts';

const snapshot = snapshotFromEdges(SMALL_EDGES);
const indices = (ids: string[]) => ids.map((id) => snapshot.indexOfOrThrow(id));
const COMMUNITY: Record<string, number> = { a: 0, b: 0, c: 1, d: 1, e: 2, f: 2 };
const communities = Float64Array.from({ length: snapshot.nodeCount }, (_, v) => COMMUNITY[snapshot.ids.idOf(v)]);
const wc = weightedCascade(SMALL_EDGES);

describe('two sets of starting people side by side', () => {
  for (const model of ['ic', 'lt'] as const) {
    it(`${model.toUpperCase()}: per-person and per-community differences against enumeration`, () => {
      const exact = (seeds: string[], value: (id: string) => number) =>
        model === 'ic' ? exactIC(SMALL_NODES, wc, seeds, value) : exactLT(SMALL_NODES, wc, seeds, value);
      const [first, second] = [['a'], ['e']];
      const runs = 100_000;
      const result = compareReach(snapshot, indices(first), indices(second), { model, runs, communities });
      for (const id of SMALL_NODES) {
        const v = snapshot.indexOfOrThrow(id);
        const one = (w: string) => (w === id ? 1 : 0);
        const truth = exact(first, one) - exact(second, one);
        expect(result.people.difference[v]).toBeCloseTo(
          result.first.people.probability[v] - result.second.people.probability[v],
          12,
        );
        expect(result.people.low[v]).toBeLessThanOrEqual(result.people.difference[v]);
        expect(result.people.high[v]).toBeGreaterThanOrEqual(result.people.difference[v]);
        // A 4.5-sigma paired interval from the same counts holds the exact difference.
        const both = result.people.both[v];
        const firstOnly = result.first.people.reached[v] - both;
        const secondOnly = result.second.people.reached[v] - both;
        const wide = pairedDifferenceInterval(both, firstOnly, secondOnly, runs - both - firstOnly - secondOnly, 4.5);
        expect(truth, id).toBeGreaterThanOrEqual(wide[0] - 1e-12);
        expect(truth, id).toBeLessThanOrEqual(wide[1] + 1e-12);
      }
      const total = exact(first, () => 1) - exact(second, () => 1);
      expect(Math.abs(result.difference.mean - total)).toBeLessThanOrEqual(4.5 * result.difference.standardError);
      for (const c of result.communities!) {
        const member = (id: string) => (COMMUNITY[id] === c.community ? 1 : 0);
        expect(Math.abs(c.difference.mean - (exact(first, member) - exact(second, member)))).toBeLessThanOrEqual(
          4.5 * c.difference.standardError + 1e-12,
        );
        expect(c.difference.mean).toBeCloseTo(c.first.mean - c.second.mean, 10);
      }
      // The sides are the worlds reachProbabilities counts.
      expect(result.first.people.reached).toEqual(
        reachProbabilities(snapshot, indices(first), { model, runs }).people.reached,
      );
    });
  }

  it('in the same worlds, a superset of starting people reaches everyone the subset reaches, in every world', () => {
    const result = compareReach(snapshot, indices(['a']), indices(['a', 'e']), { runs: 5_000, communities });
    for (let v = 0; v < snapshot.nodeCount; v++) {
      expect(result.people.difference[v]).toBeLessThanOrEqual(0);
      // Common random numbers: the subset never reaches someone the superset misses.
      expect(result.first.people.reached[v]).toBeLessThanOrEqual(result.second.people.reached[v]);
    }
    expect(result.difference.ci95[1]).toBeLessThanOrEqual(0);
    for (const c of result.communities!) expect(c.difference.mean).toBeLessThanOrEqual(0);
  });

  it('checks both sets', () => {
    expect(() => compareReach(snapshot, [], [0])).toThrow(
      /^reach comparison: first set of starting people: choose at least one person/,
    );
    expect(() => compareReach(snapshot, [0], [77])).toThrow(InvalidOptionsError);
    expect(() => compareReach(snapshot, [0], [77])).toThrow(/second set of starting people: person index 77/);
  });
});
