import { describe, expect, it } from 'vitest';
import { selectAdvocates, type AdvocateOptions } from '../../../graph/algorithms/advocates/select.ts';
import { CancelledError, InvalidOptionsError } from '../../../graph/errors.ts';
import type { Person } from '../../../graph/model.ts';
import { snapshotFrom } from '../../../graph/snapshot.ts';
import { exactIC, weightedCascade } from '../diffusion/live-edge-worlds.ts';

// Three hubs: h1 tells 4 people, h3 tells 3, h2 tells 3 (valuable customers); l4 also tells m1 (in-degree 2: p = 1/2).
const EDGES: Array<[string, string]> = [
  ['h1', 'l1'],
  ['h1', 'l2'],
  ['h1', 'l3'],
  ['h1', 'l4'],
  ['h2', 'm1'],
  ['h2', 'm2'],
  ['h2', 'm3'],
  ['l4', 'm1'],
  ['h3', 'n1'],
  ['h3', 'n2'],
  ['h3', 'n3'],
];
const NODES = ['h1', 'h2', 'h3', 'l1', 'l2', 'l3', 'l4', 'm1', 'm2', 'm3', 'n1', 'n2', 'n3'];
const PROBABILITIES = weightedCascade(EDGES);
const COMMUNITY: Record<string, number> = {
  h1: 1,
  l1: 1,
  l2: 1,
  l3: 1,
  l4: 1,
  h3: 1,
  n1: 1,
  n2: 1,
  n3: 1,
  h2: 2,
  m1: 2,
  m2: 2,
  m3: 2,
};

function snapshotWith(extra: (id: string) => Partial<Person> = () => ({})) {
  const people = NODES.map((id) => ({ id, ...extra(id) }));
  return snapshotFrom(
    people,
    EDGES.map(([source, target]) => ({ source, target, kind: 'influences' as const, weight: 1 })),
  );
}

const plain = snapshotWith();
const fast: AdvocateOptions = { evaluationRuns: 2_000, minRRSets: 4_096 };
const ids = (result: { advocates: Array<{ id: string }> }) => result.advocates.map((a) => a.id);
const exact = (seeds: string[], value?: (id: string) => number) => exactIC(NODES, PROBABILITIES, seeds, value);

/** The best feasible seed set by brute force over the exact spread. */
function bestPair(allowed: string[], value?: (id: string) => number): number {
  let best = 0;
  for (const a of allowed) for (const b of allowed) if (a < b) best = Math.max(best, exact([a, b], value));
  return best;
}

describe('selectAdvocates on a graph small enough to enumerate', () => {
  const result = selectAdvocates(plain, { ...fast, k: 2 });

  it('finds the best pair, with a certified ratio the truth respects', () => {
    // h1 reaches l1-l4 and, half the time, m1 through l4: {h1, h3} beats {h1, h2}, whose audiences overlap at m1.
    expect(ids(result).sort()).toEqual(['h1', 'h3']);
    const truth = exact(ids(result)) / bestPair(NODES);
    expect(truth).toBe(1);
    expect(result.guarantee.certifiedRatio).toBeGreaterThan(0.5);
    expect(result.guarantee.certifiedRatio).toBeLessThanOrEqual(truth);
    expect(result.guarantee.lowerBound).toBeLessThanOrEqual(exact(ids(result)));
    expect(result.guarantee.upperBound).toBeGreaterThanOrEqual(bestPair(NODES));
    expect(result.guarantee.statement).toContain('With probability at least');
  });

  it('reports marginal gains and a reach curve that agree with the exact spread', () => {
    const [first, second] = result.advocates;
    expect(first.cumulative).toBe(result.curve[0]);
    expect(second.cumulative).toBeCloseTo(first.marginalGain + second.marginalGain, 9);
    expect(Math.abs(result.curve[1] - exact(ids(result))) / exact(ids(result))).toBeLessThan(0.05);
  });

  it('evaluates the selection and both baselines by an independent Monte Carlo run', () => {
    const evaluation = result.evaluation!;
    expect(evaluation.seed).not.toBe(42);
    const selection = evaluation.selection.reach;
    expect(Math.abs(selection.mean - exact(ids(result)))).toBeLessThanOrEqual(4.5 * selection.standardError);
    const [byDegree, byInfluence] = evaluation.baselines;
    expect(byDegree.name).toBe('top out-degree');
    expect(byDegree.ids[0]).toBe('h1'); // out-degree 4
    expect(byInfluence.name).toBe('top influence score');
    expect(Math.abs(byDegree.spread.reach.mean - exact(byDegree.ids))).toBeLessThanOrEqual(
      4.5 * byDegree.spread.reach.standardError,
    );
  });

  it('states the model and probabilities it used', () => {
    expect(result.model).toBe('ic');
    expect(result.probability).toBe('wc');
    expect(result.description).toContain('Independent Cascade');
    expect(selectAdvocates(plain, { ...fast, k: 2, model: 'lt', probability: 'uniform:0.2' }).description).toContain(
      'Linear Threshold',
    );
  });

  it('is reproducible by seed', () => {
    const again = selectAdvocates(plain, { ...fast, k: 2 });
    expect(again.advocates).toEqual(result.advocates);
    expect(again.evaluation!.selection).toEqual(result.evaluation!.selection);
  });
});

describe('advocate constraints', () => {
  it('excludes people by id', () => {
    const result = selectAdvocates(plain, { ...fast, k: 2, exclude: ['h1'] });
    expect(ids(result)).not.toContain('h1');
    expect(exact(ids(result))).toBe(bestPair(NODES.filter((v) => v !== 'h1')));
    expect(result.excluded.explicit).toBe(1);
  });

  it('excludes detractors by sentiment, or by a reputation below a threshold', () => {
    const sour = snapshotWith((id) => ({ sentiment: id === 'h1' ? -0.4 : 0.3 }));
    expect(ids(selectAdvocates(sour, { ...fast, k: 2, excludeDetractors: true }))).not.toContain('h1');
    expect(ids(selectAdvocates(sour, { ...fast, k: 2 }))).toContain('h1');
    const reputation = Float64Array.from({ length: plain.nodeCount }, (_, v) =>
      plain.ids.idOf(v) === 'h2' ? -0.8 : NaN,
    );
    const result = selectAdvocates(plain, { ...fast, k: 2, excludeDetractors: true, reputation });
    expect(ids(result)).not.toContain('h2');
    expect(result.excluded.detractors).toBe(1);
  });

  it('keeps to customers when asked', () => {
    const customers = snapshotWith((id) => ({ customer: id !== 'h1' && id !== 'h2' }));
    const result = selectAdvocates(customers, { ...fast, k: 2, customersOnly: true });
    expect(ids(result)).not.toContain('h1');
    expect(ids(result)).not.toContain('h2');
    expect(() => selectAdvocates(plain, { ...fast, customersOnly: true })).toThrow(/nobody is marked/);
  });

  it('puts must-include people first and counts them in k', () => {
    const result = selectAdvocates(plain, { ...fast, k: 2, mustInclude: ['l1'] });
    expect(ids(result)).toEqual(['l1', 'h1']);
    expect(result.advocates[0].mustInclude).toBe(true);
    expect(() => selectAdvocates(plain, { ...fast, k: 1, mustInclude: ['l1', 'l2'] })).toThrow(/exceed k/);
    expect(() => selectAdvocates(plain, { ...fast, exclude: ['l1'], mustInclude: ['l1'] })).toThrow(
      /both excluded and must-include/,
    );
    expect(() => selectAdvocates(plain, { ...fast, exclude: ['nobody'] })).toThrow(/unknown person id "nobody"/);
  });

  it('caps the advocates per community', () => {
    const communities = Float64Array.from({ length: plain.nodeCount }, (_, v) => COMMUNITY[plain.ids.idOf(v)]);
    const free = selectAdvocates(plain, { ...fast, k: 3 });
    expect(ids(free).sort()).toEqual(['h1', 'h2', 'h3']);
    const capped = selectAdvocates(plain, { ...fast, k: 3, communities, capPerCommunity: 1 });
    expect(capped.advocates).toHaveLength(2); // two communities, one advocate each
    expect(ids(capped).sort()).toEqual(['h1', 'h2']);
    expect(capped.guarantee.greedyRatio).toBe(0.5);
    for (const baseline of capped.evaluation!.baselines) {
      expect(new Set(baseline.ids.map((id) => COMMUNITY[id])).size).toBe(baseline.ids.length);
    }
    expect(() => selectAdvocates(plain, { ...fast, capPerCommunity: 1 })).toThrow(/needs "communities"/);
  });

  it('maximises lifetime value reached with the value objective', () => {
    const clv = (id: string) => (id.startsWith('m') ? 100 : 1);
    const valued = snapshotWith((id) => ({ clv: clv(id) }));
    expect(ids(selectAdvocates(valued, { ...fast, k: 1 }))).toEqual(['h1']);
    const result = selectAdvocates(valued, { ...fast, k: 1, objective: 'value' });
    expect(ids(result)).toEqual(['h2']);
    expect(result.unit).toBe('value');
    const value = result.evaluation!.selection.value!;
    expect(Math.abs(value.mean - exact(['h2'], clv))).toBeLessThanOrEqual(4.5 * value.standardError);
    expect(Math.abs(result.curve[0] - exact(['h2'], clv)) / exact(['h2'], clv)).toBeLessThan(0.05);
  });

  it('falls back to head count, with a warning, when no lifetime value is known', () => {
    const result = selectAdvocates(plain, { ...fast, k: 1, objective: 'value' });
    expect(result.unit).toBe('people');
    expect(result.warnings.join(' ')).toMatch(/no positive lifetime value/);
  });
});

describe('selectAdvocates as a job', () => {
  it('reports progress through selection, then evaluation', () => {
    const phases: string[] = [];
    const fractions: number[] = [];
    selectAdvocates(plain, {
      ...fast,
      k: 2,
      onProgress: ({ phase, fraction }) => (phases.push(phase), fractions.push(fraction)),
    });
    expect(phases[0]).toBe('selecting');
    expect(phases.at(-1)).toBe('evaluating');
    expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('stops with CancelledError when its signal fires', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => selectAdvocates(plain, { k: 2, signal: controller.signal })).toThrow(CancelledError);
    const midway = new AbortController();
    expect(() =>
      selectAdvocates(plain, {
        k: 2,
        signal: midway.signal,
        onProgress: ({ phase }) => phase === 'evaluating' && midway.abort(),
      }),
    ).toThrow(CancelledError);
  });

  it('validates its options', () => {
    expect(() => selectAdvocates(plain, { k: 0 })).toThrow(InvalidOptionsError);
    expect(() => selectAdvocates(plain, { epsilon: 0 })).toThrow(/epsilon/);
    expect(() => selectAdvocates(plain, { objective: 'likes' as never })).toThrow(/objective/);
    expect(() => selectAdvocates(plain, { probability: 'often' })).toThrow(/probability/);
  });
});
