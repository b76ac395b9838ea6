import { describe, expect, it } from 'vitest';
import { diffusionGraph, parseProbability } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { snapshotFromEdges, type Snapshot } from '../../../graph/snapshot.ts';

/** p(u, v) by ids from the in-edge layout. */
function inEdgeProbabilities(snapshot: Snapshot, values: Float32Array): Map<string, number> {
  const map = new Map<string, number>();
  for (let v = 0; v < snapshot.nodeCount; v++) {
    for (let e = snapshot.inOffsets[v]; e < snapshot.inOffsets[v + 1]; e++) {
      map.set(`${snapshot.ids.idOf(snapshot.inSources[e])}>${snapshot.ids.idOf(v)}`, values[e]);
    }
  }
  return map;
}

function outEdgeProbabilities(snapshot: Snapshot, values: Float32Array): Map<string, number> {
  const map = new Map<string, number>();
  for (let u = 0; u < snapshot.nodeCount; u++) {
    for (let e = snapshot.outOffsets[u]; e < snapshot.outOffsets[u + 1]; e++) {
      map.set(`${snapshot.ids.idOf(u)}>${snapshot.ids.idOf(snapshot.outTargets[e])}`, values[e]);
    }
  }
  return map;
}

// c has in-degree 3 (a, b, d), b in-degree 1 (a), d in-degree 1 (c).
const snapshot = snapshotFromEdges([
  ['a', 'b', 2],
  ['a', 'c', 0.5],
  ['b', 'c', 0.25],
  ['d', 'c', 0.25],
  ['c', 'd', 0.4],
]);

describe('edge probabilities', () => {
  it('weighted cascade: 1 / in-degree of the target, the same in both layouts', () => {
    const graph = diffusionGraph(snapshot, 'ic', { kind: 'wc' });
    const byIn = inEdgeProbabilities(snapshot, graph.inProbability);
    expect(byIn.get('a>c')).toBeCloseTo(1 / 3, 7);
    expect(byIn.get('a>b')).toBe(1);
    expect(byIn.get('c>d')).toBe(1);
    expect(outEdgeProbabilities(snapshot, graph.outProbability)).toEqual(byIn);
    expect(graph.sharedInProbability[snapshot.indexOfOrThrow('c')]).toBeCloseTo(1 / 3, 7);
    expect(graph.description).toContain('1 / in-degree(v)');
  });

  it('uniform: p on every IC edge; LT scales a person down to 1 / in-degree when in-degree x p exceeds 1', () => {
    const ic = inEdgeProbabilities(snapshot, diffusionGraph(snapshot, 'ic', { kind: 'uniform', p: 0.4 }).inProbability);
    expect([...ic.values()].every((p) => Math.abs(p - 0.4) < 1e-7)).toBe(true);
    const lt = diffusionGraph(snapshot, 'lt', { kind: 'uniform', p: 0.4 });
    const byIn = inEdgeProbabilities(snapshot, lt.inProbability);
    expect(byIn.get('a>c')).toBeCloseTo(1 / 3, 7); // 3 x 0.4 > 1
    expect(byIn.get('a>b')).toBeCloseTo(0.4, 7);
    expect(lt.inTotal[snapshot.indexOfOrThrow('c')]).toBeLessThanOrEqual(1);
  });

  it('shared probabilities, bit for bit: single precision per edge, its double and in-degree times it per person', () => {
    // Person t<d> has in-degree d (1 to 40, from s0 .. s<d-1>); the s people have none.
    const edges: Array<[string, string, number]> = [];
    for (let d = 1; d <= 40; d++) for (let i = 0; i < d; i++) edges.push([`s${i}`, `t${d}`, 1]);
    const graph = snapshotFromEdges(edges);
    const cases = [
      { model: 'ic', choice: { kind: 'wc' }, q: (d: number) => 1 / d },
      { model: 'lt', choice: { kind: 'wc' }, q: (d: number) => 1 / d },
      { model: 'ic', choice: { kind: 'uniform', p: 0.07 }, q: () => 0.07 },
      { model: 'lt', choice: { kind: 'uniform', p: 0.07 }, q: (d: number) => (d * 0.07 > 1 ? 1 / d : 0.07) },
    ] as const;
    for (const { model, choice, q } of cases) {
      const resolved = diffusionGraph(graph, model, choice);
      for (let v = 0; v < graph.nodeCount; v++) {
        const d = graph.inOffsets[v + 1] - graph.inOffsets[v];
        const single = d === 0 ? 0 : Math.fround(q(d));
        const total = model === 'lt' ? Math.min(1, d * single) : d * single;
        expect(resolved.sharedInProbability[v]).toBe(single);
        expect(resolved.inTotal[v]).toBe(total);
        for (let e = graph.inOffsets[v]; e < graph.inOffsets[v + 1]; e++)
          expect(resolved.inProbability[e]).toBe(single);
      }
    }
  });

  it('weight: IC clips to [0, 1]; LT divides by the weight into the target', () => {
    const ic = inEdgeProbabilities(snapshot, diffusionGraph(snapshot, 'ic', { kind: 'weight' }).inProbability);
    expect(ic.get('a>b')).toBe(1);
    expect(ic.get('a>c')).toBe(0.5);
    expect(ic.get('c>d')).toBeCloseTo(0.4, 7);
    const ltGraph = diffusionGraph(snapshot, 'lt', { kind: 'weight' });
    const lt = inEdgeProbabilities(snapshot, ltGraph.inProbability);
    expect(lt.get('a>c')).toBeCloseTo(0.5, 7);
    expect(lt.get('b>c')).toBeCloseTo(0.25, 7);
    expect(lt.get('c>d')).toBe(1);
    expect(Number.isNaN(ltGraph.sharedInProbability[snapshot.indexOfOrThrow('c')])).toBe(true);
    expect(outEdgeProbabilities(snapshot, ltGraph.outProbability)).toEqual(lt);
  });

  it('parses the CLI forms and rejects others with a clear message', () => {
    expect(parseProbability('wc')).toEqual({ kind: 'wc' });
    expect(parseProbability('uniform:0.01')).toEqual({ kind: 'uniform', p: 0.01 });
    expect(parseProbability('weight')).toEqual({ kind: 'weight' });
    expect(() => parseProbability('uniform:2')).toThrow(InvalidOptionsError);
    expect(() => parseProbability('uniform:x')).toThrow(/0 < p <= 1/);
    expect(() => parseProbability('cascade')).toThrow(/wc, uniform:p or weight/);
  });
});
