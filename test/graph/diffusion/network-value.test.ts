import { describe, expect, it } from 'vitest';
import { networkValue } from '../../../graph/algorithms/diffusion/network-value.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import { snapshotFrom, snapshotFromEdges } from '../../../graph/snapshot.ts';
import { exactIC, SMALL_EDGES, SMALL_NODES, weightedCascade } from './live-edge-worlds.ts';

const EDGES = SMALL_EDGES;
const NODES = SMALL_NODES;
const THETA = 200_000;
const relationships = EDGES.map(([source, target]) => ({ source, target, kind: 'influences' as const, weight: 1 }));

describe('network value (Domingos and Richardson) by RR sets', () => {
  it('matches the exact value of the others a person reaches, and spread their expected reach', () => {
    const clv: Record<string, number> = { a: 5, b: 40, c: 0, d: 10, e: 1, f: 200 };
    const snapshot = snapshotFrom(
      NODES.map((id) => ({ id, clv: clv[id] })),
      relationships,
    );
    const result = networkValue(snapshot, { rrSets: THETA });
    expect(result.valuesKnown).toBe(true);
    const n = NODES.length;
    const total = Object.values(clv).reduce((a, b) => a + b, 0);
    for (const id of NODES) {
      const v = snapshot.indexOfOrThrow(id);
      const exactSpread = exactIC(NODES, weightedCascade(EDGES), [id]);
      const exactNetwork = exactIC(NODES, weightedCascade(EDGES), [id], (u) => clv[u]) - clv[id];
      // Binomial standard errors of the counts behind each estimate.
      const ps = (exactSpread - 1) / n;
      const pv = exactNetwork / total;
      expect(Math.abs(result.spread[v] - exactSpread)).toBeLessThanOrEqual(
        4.5 * n * Math.sqrt((ps * (1 - ps)) / THETA) + 1e-9,
      );
      expect(Math.abs(result.networkValue[v] - exactNetwork)).toBeLessThanOrEqual(
        4.5 * total * Math.sqrt((pv * (1 - pv)) / THETA) + 1e-9,
      );
      expect(result.totalValue[v]).toBeCloseTo(clv[id] + result.networkValue[v], 9);
      expect(result.clv[v]).toBe(clv[id]);
    }
    // f influences nobody: it reaches only itself.
    expect(result.spread[snapshot.indexOfOrThrow('f')]).toBe(1);
    expect(result.networkValue[snapshot.indexOfOrThrow('f')]).toBe(0);
  });

  it('with no lifetime value known, everyone counts 1 and network value is spread - 1', () => {
    const result = networkValue(snapshotFromEdges(EDGES), { rrSets: 20_000 });
    expect(result.valuesKnown).toBe(false);
    for (let v = 0; v < NODES.length; v++) {
      expect(result.clv[v]).toBe(1);
      expect(result.networkValue[v]).toBe(result.spread[v] - 1);
      expect(result.totalValue[v]).toBe(result.spread[v]);
    }
  });

  it('sizes the sample from the error asked for: theta = (2 + 2 eps/3) ln(2/delta) n / (eps^2 floor)', () => {
    const result = networkValue(snapshotFromEdges(EDGES), { epsilon: 0.2, delta: 0.05, floor: 2 });
    expect(result.rrSets).toBe(Math.ceil(((2 + 0.4 / 3) * Math.log(40) * 6) / (0.04 * 2)));
    expect(result.errorStatement).toContain('within 20%');
  });

  it('is the value score family: columns clv, network_value, total_value, spread, reproducible by seed', async () => {
    const snapshot = snapshotFromEdges(EDGES);
    const set = await computeScores(snapshot, { only: ['value'], options: { value: { rrSets: 10_000 } } });
    expect(Object.keys(set.columns).sort()).toEqual(['clv', 'network_value', 'spread', 'total_value']);
    expect(set.meta.summary.valueRRSets).toBe(10_000);
    const again = await computeScores(snapshot, { only: ['value'], options: { value: { rrSets: 10_000 } } });
    expect(again.columns.spread).toEqual(set.columns.spread);
  });
});
