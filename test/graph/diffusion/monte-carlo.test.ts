import { describe, expect, it } from 'vitest';
import { expectedSpread } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import type { DiffusionModel } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { CancelledError, InvalidOptionsError } from '../../../graph/errors.ts';
import { snapshotFrom, snapshotFromEdges } from '../../../graph/snapshot.ts';
import {
  exactIC,
  exactLT,
  SMALL_EDGES,
  SMALL_NODES,
  weightedCascade,
  type ProbabilityEdge,
} from './live-edge-worlds.ts';

const EDGES = SMALL_EDGES;
const NODES = SMALL_NODES;
const snapshot = snapshotFromEdges(EDGES);
const indices = (ids: string[]) => ids.map((id) => snapshot.indexOfOrThrow(id));

/** |estimate - exact| within 4.5 standard errors (a 1-in-150,000 miss for a correct estimator). */
function expectWithin(estimate: { mean: number; standardError: number }, exact: number): void {
  expect(Math.abs(estimate.mean - exact)).toBeLessThanOrEqual(4.5 * estimate.standardError + 1e-12);
}

describe('Monte Carlo spread against enumeration of live-edge worlds', () => {
  const wc = weightedCascade(EDGES);
  const cases: Array<[DiffusionModel, string[]]> = [
    ['ic', ['a']],
    ['ic', ['e', 'c']],
    ['lt', ['a']],
    ['lt', ['e', 'c']],
  ];
  for (const [model, seeds] of cases) {
    it(`${model.toUpperCase()}, weighted cascade, seeds ${seeds.join(',')}`, () => {
      const exact = model === 'ic' ? exactIC(NODES, wc, seeds) : exactLT(NODES, wc, seeds);
      const result = expectedSpread(snapshot, indices(seeds), { model, runs: 200_000 });
      expectWithin(result.reach, exact);
      expect(result.reach.ci95[0]).toBeLessThan(result.reach.mean);
      expect(result.model).toBe(model);
      expect(result.probability).toBe('wc');
    });
  }

  it('IC with uniform p and with weights read as probabilities', () => {
    const uniform: ProbabilityEdge[] = EDGES.map(([source, target]) => ({ source, target, p: 0.3 }));
    expectWithin(
      expectedSpread(snapshot, indices(['a']), { probability: 'uniform:0.3', runs: 200_000 }).reach,
      exactIC(NODES, uniform, ['a']),
    );
    const weights = [0.9, 0.2, 0.5, 0.7, 0.1, 1, 0.35, 0.6];
    const weighted = snapshotFromEdges(EDGES.map(([s, t], i) => [s, t, weights[i]] as [string, string, number]));
    const edges = EDGES.map(([source, target], i) => ({ source, target, p: weights[i] }));
    const result = expectedSpread(
      weighted,
      ['a', 'e'].map((id) => weighted.indexOfOrThrow(id)),
      { probability: 'weight', runs: 200_000 },
    );
    expectWithin(result.reach, exactIC(NODES, edges, ['a', 'e']));
  });

  it('LT with weights normalised per person', () => {
    const weights = [3, 1, 2, 1, 1, 4, 1, 3];
    const weighted = snapshotFromEdges(EDGES.map(([s, t], i) => [s, t, weights[i]] as [string, string, number]));
    const into = new Map<string, number>();
    EDGES.forEach(([, t], i) => into.set(t, (into.get(t) ?? 0) + weights[i]));
    const edges = EDGES.map(([source, target], i) => ({ source, target, p: weights[i] / into.get(target)! }));
    const result = expectedSpread(weighted, [weighted.indexOfOrThrow('a')], {
      model: 'lt',
      probability: 'weight',
      runs: 200_000,
    });
    expectWithin(result.reach, exactLT(NODES, edges, ['a']));
  });

  it('estimates the value reached when given a value per person', () => {
    const clv: Record<string, number> = { a: 10, b: 0, c: 5, d: 2, e: 1, f: 100 };
    const people = NODES.map((id) => ({ id, clv: clv[id] }));
    const withValues = snapshotFrom(
      people,
      EDGES.map(([source, target]) => ({ source, target, kind: 'influences' as const, weight: 1 })),
    );
    const values = withValues.attributes.clv!;
    const result = expectedSpread(withValues, [withValues.indexOfOrThrow('a')], { runs: 200_000, values });
    expectWithin(
      result.value!,
      exactIC(NODES, weightedCascade(EDGES), ['a'], (id) => clv[id]),
    );
  });
});

describe('Monte Carlo spread: reproducibility and options', () => {
  it('the same seed gives the same estimate; another seed another', () => {
    const a = expectedSpread(snapshot, indices(['a']), { runs: 2_000, seed: 7 });
    expect(expectedSpread(snapshot, indices(['a']), { runs: 2_000, seed: 7 })).toEqual(a);
    expect(expectedSpread(snapshot, indices(['a']), { runs: 2_000, seed: 8 }).reach.mean).not.toBe(a.reach.mean);
  });

  it('counts a repeated seed once and a seed set that is everyone exactly', () => {
    const everyone = expectedSpread(snapshot, indices([...NODES, 'a']), { runs: 100 });
    expect(everyone.reach.mean).toBe(NODES.length);
    expect(everyone.reach.standardError).toBe(0);
    expect(everyone.seedCount).toBe(NODES.length);
  });

  it('rejects bad options and seeds, and stops when cancelled', () => {
    expect(() => expectedSpread(snapshot, [99])).toThrow(InvalidOptionsError);
    expect(() => expectedSpread(snapshot, [0], { runs: 0 })).toThrow(/runs/);
    expect(() => expectedSpread(snapshot, [0], { model: 'sir' as DiffusionModel })).toThrow(/model/);
    expect(() => expectedSpread(snapshot, [0], { bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
    const controller = new AbortController();
    controller.abort();
    expect(() => expectedSpread(snapshot, [0], { signal: controller.signal })).toThrow(CancelledError);
  });

  it('reports progress up to 1', () => {
    const seen: number[] = [];
    expectedSpread(snapshot, [0], { runs: 1_000, onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f > seen[i - 1])).toBe(true);
  });
});
