import { beforeAll, describe, expect, it } from 'vitest';
import { betweenness } from '../../graph/algorithms/betweenness.ts';
import { coreNumbers } from '../../graph/algorithms/cores.ts';
import { reach } from '../../graph/algorithms/reach.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { SnapshotBuilder, snapshotFromEdges, type Snapshot } from '../../graph/snapshot.ts';
import { datasetPath } from '../datasets.ts';
import { loadOracle } from '../oracles.ts';

function mismatches(snapshot: Snapshot, values: ArrayLike<number>, expected: Record<string, number>): string[] {
  const wrong: string[] = [];
  for (const [id, value] of Object.entries(expected)) {
    if (values[snapshot.indexOfOrThrow(id)] !== value)
      wrong.push(`${id}: ${values[snapshot.indexOfOrThrow(id)]} != ${value}`);
  }
  return wrong;
}

describe('k-core against NetworkX', () => {
  it('epinions (underlying undirected graph)', async () => {
    const epinions = await readSnapshot(datasetPath('epinions.edgelist'), { format: 'edgelist', kind: 'trusts' });
    const expected = loadOracle('core-epinions').values;
    expect(Object.keys(expected).length).toBe(epinions.nodeCount);
    expect(mismatches(epinions, coreNumbers(epinions), expected)).toEqual([]);
  });

  it('facebook', async () => {
    const facebook = await readSnapshot(datasetPath('facebook.edgelist'), { format: 'edgelist', undirected: true });
    expect(mismatches(facebook, coreNumbers(facebook), loadOracle('core-facebook').values)).toEqual([]);
  });

  it('by hand: a triangle with a tail', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['c', 'd'],
    ]);
    const cores = coreNumbers(snapshot);
    expect(['a', 'b', 'c', 'd'].map((id) => cores[snapshot.indexOfOrThrow(id)])).toEqual([2, 2, 2, 1]);
  });
});

describe('reach', () => {
  let facebook: Snapshot;
  beforeAll(async () => {
    facebook = await readSnapshot(datasetPath('facebook.edgelist'), { format: 'edgelist', undirected: true });
  });

  it('gives empty columns for a network with no people, on any number of threads (a time window can be empty)', () => {
    const empty = new SnapshotBuilder().build();
    for (const threads of [1, 2]) {
      const result = reach(empty, { threads });
      expect([result.audience.length, result.reach2.length, result.estimatedCount]).toEqual([0, 0, 0]);
    }
  });

  it('exact two-hop reach on facebook equals NetworkX', () => {
    const result = reach(facebook, { exactLimit: Infinity });
    expect(result.estimatedCount).toBe(0);
    expect(mismatches(facebook, result.reach2, loadOracle('reach2-facebook').values)).toEqual([]);
    for (let i = 0; i < facebook.nodeCount; i++) expect(result.audience[i]).toBe(facebook.outDegree(i));
  });

  // HyperLogLog with 2^12 registers has relative standard error 1.04/64 = 1.63%; the mean absolute relative error of
  // a sketch is about 0.8 of that, and errors beyond 4 standard errors are vanishingly rare.
  for (const hubDegree of [null, 50]) {
    it(`HyperLogLog estimates stay within the stated error bound (${hubDegree === null ? 'no hubs' : 'merging hub sketches'})`, () => {
      const exact = loadOracle('reach2-facebook').values;
      const result = reach(facebook, { exactLimit: 0, hubDegree });
      expect(result.relativeError).toBeCloseTo(0.01625, 5);
      let sum = 0;
      let worst = 0;
      let counted = 0;
      for (const [id, value] of Object.entries(exact)) {
        const i = facebook.indexOfOrThrow(id);
        expect(result.estimated[i]).toBe(facebook.outDegree(i) > 0 ? 1 : 0);
        if (value < 500) continue; // linear counting dominates small sets; the bound is stated for large ones
        const error = Math.abs(result.reach2[i] - value) / value;
        sum += error;
        worst = Math.max(worst, error);
        counted++;
      }
      console.log(
        `HLL on facebook (${counted} people with reach2 >= 500): mean relative error ${(sum / counted).toFixed(4)}, worst ${worst.toFixed(4)}`,
      );
      expect(counted).toBeGreaterThan(1000);
      expect(sum / counted).toBeLessThan(result.relativeError);
      expect(worst).toBeLessThan(4 * result.relativeError);
    });
  }
});

describe('betweenness', () => {
  it('is exact against NetworkX when every source is used (email-eu-core)', async () => {
    const email = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    const values = betweenness(email, { samples: email.nodeCount });
    const expected = loadOracle('betweenness-email').values;
    let worst = 0;
    for (const [id, value] of Object.entries(expected))
      worst = Math.max(worst, Math.abs(values[email.indexOfOrThrow(id)] - value));
    expect(worst).toBeLessThan(1e-12);
  });

  it('sampling is seeded and estimates the exact values', async () => {
    const email = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    const a = betweenness(email, { samples: 300, seed: 3 });
    const b = betweenness(email, { samples: 300, seed: 3 });
    expect(Array.from(a)).toEqual(Array.from(b));
    const exact = loadOracle('betweenness-email').values;
    // The top 10 bridges by estimate are mostly the top 10 by exact value.
    const top = (score: (id: string) => number) =>
      Object.keys(exact)
        .sort((x, y) => score(y) - score(x))
        .slice(0, 10);
    const exactTop = new Set(top((id) => exact[id]));
    const overlap = top((id) => a[email.indexOfOrThrow(id)]).filter((id) => exactTop.has(id)).length;
    expect(overlap).toBeGreaterThanOrEqual(7);
  });

  it('by hand: the middle of a path carries every path through it', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    const values = betweenness(snapshot, { normalized: false });
    expect(values[snapshot.indexOfOrThrow('b')]).toBe(1);
    expect(values[snapshot.indexOfOrThrow('a')]).toBe(0);
  });
});
