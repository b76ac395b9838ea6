import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../../graph/algorithms/spread/worlds.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import { SMALL_EDGES } from '../diffusion/live-edge-worlds.ts';

describe('resolving a model once per snapshot', () => {
  it('reuses the diffusion graph of the same choice, keeps the last four, and checks the choice each time', () => {
    const snapshot = snapshotFromEdges(SMALL_EDGES);
    const wc = resolveModel('test', snapshot, 'ic', 'wc');
    expect(resolveModel('test', snapshot, 'ic', { kind: 'wc' })).toBe(wc);
    expect(resolveModel('test', snapshot, 'lt', 'wc')).not.toBe(wc);
    expect(resolveModel('test', snapshotFromEdges(SMALL_EDGES), 'ic', 'wc')).not.toBe(wc);
    for (const p of [0.1, 0.2, 0.3]) resolveModel('test', snapshot, 'ic', `uniform:${p}`);
    expect(resolveModel('test', snapshot, 'ic', 'uniform:0.3').probability).toEqual({ kind: 'uniform', p: 0.3 });
    expect(resolveModel('test', snapshot, 'ic', 'wc')).not.toBe(wc); // evicted by four newer choices
    expect(() => resolveModel('where', snapshot, 'ic', 'uniform:0')).toThrow(
      /^where: "probability" uniform:p needs 0 < p <= 1/,
    );
  });
});
