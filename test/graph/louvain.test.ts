import { describe, expect, it } from 'vitest';
import { louvain } from '../../graph/algorithms/louvain.ts';
import { modularity } from '../../graph/algorithms/modularity.ts';
import { weightedAdjacency } from '../../graph/algorithms/undirected.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { Random } from '../../graph/random.ts';
import { snapshotFromEdges, type Snapshot } from '../../graph/snapshot.ts';
import { datasetPath } from '../datasets.ts';
import { loadOracle } from '../oracles.ts';

type Reference = Record<string, { partition: Record<string, number>; modularity: number }>;
const reference = loadOracle<Reference>('louvain-modularity').values;

/** Community of each snapshot index from a partition keyed by id. */
function byIndex(snapshot: Snapshot, partition: Record<string, number>): Int32Array {
  return Int32Array.from({ length: snapshot.nodeCount }, (_, i) => partition[snapshot.ids.idOf(i)]);
}

const settings = (seed = 1) => ({ resolution: 1, threshold: 1e-7, random: new Random(seed) });

describe('weightedAdjacency (undirected.ts)', () => {
  it('stores each pair from both ends, a reciprocal pair with both directions summed', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b', 2],
      ['b', 'a', 0.5],
      ['b', 'c', 3],
    ]);
    const graph = weightedAdjacency(snapshot, true);
    const entries = (id: string) => {
      const u = snapshot.indexOfOrThrow(id);
      const out: Record<string, number> = {};
      for (let e = graph.offsets[u]; e < graph.offsets[u + 1]; e++)
        out[snapshot.ids.idOf(graph.neighbors[e])] = graph.weights[e];
      return out;
    };
    expect(entries('a')).toEqual({ b: 2.5 });
    expect(entries('b')).toEqual({ a: 2.5, c: 3 });
    expect(entries('c')).toEqual({ b: 3 });
    const unweighted = weightedAdjacency(snapshot, false);
    const b = snapshot.indexOfOrThrow('b');
    const a = snapshot.indexOfOrThrow('a');
    const ab = Array.from(unweighted.neighbors.subarray(unweighted.offsets[b], unweighted.offsets[b + 1])).indexOf(a);
    expect(unweighted.weights[unweighted.offsets[b] + ab]).toBe(2);
  });
});

describe('modularity', () => {
  it('two triangles joined by one edge, split into the triangles: 5/14 by hand', () => {
    // m = 7; each triangle has 3 inner edges (6 entries) and strength 2+2+3 = 7: Q = 2 (6/14 - (7/14)^2) = 5/14.
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'd'],
      ['c', 'd'],
    ]);
    const graph = weightedAdjacency(snapshot, true);
    const split = byIndex(snapshot, { a: 0, b: 0, c: 0, d: 1, e: 1, f: 1 });
    expect(modularity(graph, split, 1)).toBeCloseTo(5 / 14, 14);
    // One community: in = tot = 2m, so Q = 1 - 1 = 0.
    expect(modularity(graph, new Int32Array(6), 1)).toBeCloseTo(0, 14);
    const found = louvain(graph, settings());
    expect(found.count).toBe(2);
    expect(found.modularity).toBeCloseTo(5 / 14, 14);
    expect(found.community[snapshot.indexOfOrThrow('a')]).toBe(found.community[snapshot.indexOfOrThrow('c')]);
    expect(found.community[snapshot.indexOfOrThrow('c')]).not.toBe(found.community[snapshot.indexOfOrThrow('d')]);
  });

  for (const name of ['email-eu-core.edgelist', 'facebook.edgelist']) {
    it(`equals networkx.community.modularity of NetworkX's Louvain partition of ${name}`, async () => {
      const snapshot = await readSnapshot(datasetPath(name), { format: 'edgelist' });
      const value = modularity(weightedAdjacency(snapshot, true), byIndex(snapshot, reference[name].partition), 1);
      expect(value).toBeCloseTo(reference[name].modularity, 12);
    });
  }
});

describe('louvain', () => {
  for (const name of ['email-eu-core.edgelist', 'facebook.edgelist']) {
    it(`reaches NetworkX's modularity on ${name} (within 0.005), and reports the modularity of what it returns`, async () => {
      const snapshot = await readSnapshot(datasetPath(name), { format: 'edgelist' });
      const graph = weightedAdjacency(snapshot, true);
      const found = louvain(graph, settings(7));
      console.log(
        `${name}: Sway Louvain Q ${found.modularity.toFixed(4)} (${found.count} communities), NetworkX ${reference[name].modularity.toFixed(4)}`,
      );
      expect(found.modularity).toBeGreaterThan(reference[name].modularity - 0.005);
      expect(found.modularity).toBeCloseTo(modularity(graph, found.community, 1), 12);
      expect(new Set(found.community).size).toBe(found.count);
    });
  }

  it('leaves a graph without edges as singletons', () => {
    const graph = { offsets: new Int32Array(4), neighbors: new Int32Array(0), weights: new Float64Array(0) };
    const found = louvain(graph, settings());
    expect(Array.from(found.community)).toEqual([0, 1, 2]);
    expect(found.modularity).toBe(0);
  });
});
