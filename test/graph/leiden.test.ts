import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../../graph/algorithms/communities.ts';
import { leiden, type LeidenSettings } from '../../graph/algorithms/leiden.ts';
import { louvain } from '../../graph/algorithms/louvain.ts';
import { constantPotts, modularity } from '../../graph/algorithms/modularity.ts';
import { normalizedMutualInformation } from '../../graph/algorithms/partition-agreement.ts';
import { weightedAdjacency } from '../../graph/algorithms/undirected.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { Random } from '../../graph/random.ts';
import { snapshotFromEdges, type Snapshot } from '../../graph/snapshot.ts';
import { datasetPath } from '../datasets.ts';
import { loadOracle } from '../oracles.ts';
import { emailDepartments } from './departments.ts';

type Quality = Record<
  string,
  {
    modularity: { median: number; min: number; max: number; communities: number[] };
    partition: Record<string, number>;
    partitionModularity: number;
    cpm: { resolution: number; median: number; max: number };
  }
>;
const quality = loadOracle<Quality>('leiden-quality').values;
const departments =
  loadOracle<Record<string, { nmi: number; nmiMin: number; nmiMax: number; communities: number }>>(
    'leiden-departments',
  ).values;

const settings = (seed: number, overrides: Partial<LeidenSettings> = {}): LeidenSettings => ({
  quality: 'modularity',
  resolution: 1,
  randomness: 0.01,
  iterations: 2,
  random: new Random(seed),
  ...overrides,
});

/**
 * The communities whose members do not all reach each other inside the community, by a breadth-first search over the
 * snapshot's relationships in either direction (written here, apart from the library's own split).
 */
function disconnectedCommunities(snapshot: Snapshot, community: ArrayLike<number>): number[] {
  const n = snapshot.nodeCount;
  const reached = new Uint8Array(n);
  const started = new Set<number>();
  const broken = new Set<number>();
  for (let s = 0; s < n; s++) {
    if (reached[s]) continue;
    const c = community[s];
    if (started.has(c)) broken.add(c);
    started.add(c);
    reached[s] = 1;
    const stack = [s];
    while (stack.length > 0) {
      const u = stack.pop()!;
      const around = [
        ...snapshot.outTargets.subarray(snapshot.outOffsets[u], snapshot.outOffsets[u + 1]),
        ...snapshot.inSources.subarray(snapshot.inOffsets[u], snapshot.inOffsets[u + 1]),
      ];
      for (const v of around) {
        if (!reached[v] && community[v] === c) {
          reached[v] = 1;
          stack.push(v);
        }
      }
    }
  }
  return [...broken];
}

function byIndex(snapshot: Snapshot, partition: Record<string, number>): Int32Array {
  return Int32Array.from({ length: snapshot.nodeCount }, (_, i) => partition[snapshot.ids.idOf(i)]);
}

const twoTriangles = () =>
  snapshotFromEdges([
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'a'],
    ['d', 'e'],
    ['e', 'f'],
    ['f', 'd'],
    ['c', 'd'],
  ]);

describe('leiden by hand', () => {
  it('two triangles joined by one edge: the triangles, modularity 5/14', () => {
    const snapshot = twoTriangles();
    const graph = weightedAdjacency(snapshot, true);
    for (let seed = 1; seed <= 20; seed++) {
      const found = leiden(graph, settings(seed));
      expect(found.count).toBe(2);
      expect(found.quality).toBeCloseTo(5 / 14, 14);
      const of = (id: string) => found.community[snapshot.indexOfOrThrow(id)];
      expect(new Set(['a', 'b', 'c'].map(of)).size).toBe(1);
      expect(new Set(['d', 'e', 'f'].map(of)).size).toBe(1);
      expect(of('a')).not.toBe(of('d'));
    }
  });

  it('Constant Potts Model on the two triangles: split at γ 0.5 (3 + 3 − 2 · 0.5 · 3 = 3), one community at γ 0.1', () => {
    const snapshot = twoTriangles();
    const graph = weightedAdjacency(snapshot, true);
    const split = leiden(graph, settings(1, { quality: 'cpm', resolution: 0.5 }));
    expect(split.count).toBe(2);
    expect(split.quality).toBeCloseTo(3, 12);
    // Whole: 7 edges − 0.1 · 15 pairs = 5.5, against 6 − 0.1 · 6 = 5.4 for the triangles.
    const whole = leiden(graph, settings(1, { quality: 'cpm', resolution: 0.1 }));
    expect(whole.count).toBe(1);
    expect(whole.quality).toBeCloseTo(5.5, 12);
    expect(constantPotts(graph, whole.community, 0.1)).toBeCloseTo(5.5, 12);
  });

  it('a higher resolution splits more: two 4-cliques joined by a path', () => {
    const clique = (p: string) =>
      ['1', '2', '3', '4'].flatMap((a) =>
        ['1', '2', '3', '4'].filter((b) => a < b).map((b) => [p + a, p + b] as [string, string]),
      );
    const snapshot = snapshotFromEdges([...clique('x'), ...clique('y'), ['x1', 'm'], ['m', 'y1']]);
    const graph = weightedAdjacency(snapshot, true);
    const counts = [0.25, 1, 8].map((gamma) => leiden(graph, settings(3, { resolution: gamma })).count);
    expect(counts[0]).toBeLessThanOrEqual(counts[1]);
    expect(counts[1]).toBe(2);
    expect(counts[2]).toBeGreaterThan(2);
  });

  it('leaves a graph without edges as singletons, and is the same for the same seed', () => {
    const empty = { offsets: new Int32Array(4), neighbors: new Int32Array(0), weights: new Float64Array(0) };
    expect(Array.from(leiden(empty, settings(1)).community)).toEqual([0, 1, 2]);
    const graph = weightedAdjacency(twoTriangles(), true);
    expect(leiden(graph, settings(9)).community).toEqual(leiden(graph, settings(9)).community);
  });
});

describe('leiden keeps communities connected', () => {
  // A tree of 55 people (a hub with small stars around it), found by searching seeded preferential-attachment trees
  // for one where Sway's Louvain returns a disconnected community: with seed 8 it puts the stars around people 12 and
  // 13 in one community while their only link, the hub 0, sits in another.
  const tree: Array<[string, string]> = [
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 1],
    [5, 0],
    [6, 2],
    [7, 2],
    [8, 6],
    [9, 0],
    [10, 0],
    [11, 4],
    [12, 0],
    [13, 0],
    [14, 2],
    [15, 0],
    [16, 11],
    [17, 1],
    [18, 0],
    [19, 1],
    [20, 0],
    [21, 14],
    [22, 2],
    [23, 10],
    [24, 12],
    [25, 13],
    [26, 0],
    [27, 12],
    [28, 0],
    [29, 0],
    [30, 11],
    [31, 0],
    [32, 14],
    [33, 28],
    [34, 21],
    [35, 28],
    [36, 2],
    [37, 29],
    [38, 4],
    [39, 10],
    [40, 15],
    [41, 28],
    [42, 10],
    [43, 38],
    [44, 28],
    [45, 26],
    [46, 21],
    [47, 10],
    [48, 30],
    [49, 18],
    [50, 14],
    [51, 13],
    [52, 9],
    [53, 30],
    [54, 10],
  ].map(([u, v]) => [String(u), String(v)]);

  it('on a tree where Louvain returns a disconnected community', () => {
    const snapshot = snapshotFromEdges(tree);
    const graph = weightedAdjacency(snapshot, true);
    const louvainFound = louvain(graph, { resolution: 1, threshold: 1e-7, random: new Random(8) });
    const broken = disconnectedCommunities(snapshot, louvainFound.community);
    expect(broken).toHaveLength(1);
    const members = Array.from({ length: snapshot.nodeCount }, (_, i) => i).filter(
      (i) => louvainFound.community[i] === broken[0],
    );
    expect(members.map((i) => snapshot.ids.idOf(i)).sort()).toEqual(['12', '13', '24', '25', '27', '51']);
    for (let seed = 1; seed <= 100; seed++) {
      const found = leiden(graph, settings(seed));
      expect(disconnectedCommunities(snapshot, found.community)).toEqual([]);
      // And no worse for it: at least Louvain's modularity.
      if (seed === 8) expect(found.quality).toBeGreaterThanOrEqual(louvainFound.modularity);
    }
  });

  it('on epinions, where Louvain (seed 42) returns disconnected communities', async () => {
    const snapshot = await readSnapshot(datasetPath('epinions.edgelist'), { format: 'edgelist', kind: 'trusts' });
    const louvainFound = detectCommunities(snapshot, { method: 'louvain', seed: 42 });
    const leidenFound = detectCommunities(snapshot, { seed: 42 });
    const louvainBroken = disconnectedCommunities(snapshot, louvainFound.community).length;
    console.log(
      `epinions: Louvain ${louvainFound.count} communities, ${louvainBroken} disconnected, modularity ${louvainFound.modularity.toFixed(4)}; Leiden ${leidenFound.count}, modularity ${leidenFound.modularity.toFixed(4)}`,
    );
    expect(louvainBroken).toBeGreaterThan(0);
    expect(disconnectedCommunities(snapshot, leidenFound.community)).toEqual([]);
    expect(leidenFound.modularity).toBeGreaterThanOrEqual(louvainFound.modularity);
  });

  for (const name of ['facebook.edgelist', 'email-eu-core.edgelist']) {
    it(`on ${name}, at several resolutions and with the Constant Potts Model`, async () => {
      const snapshot = await readSnapshot(datasetPath(name), { format: 'edgelist' });
      for (const options of [
        {},
        { resolution: 0.5 },
        { resolution: 3 },
        { quality: 'cpm' as const, resolution: 0.05 },
      ]) {
        const found = detectCommunities(snapshot, { ...options, seed: 5 });
        expect(disconnectedCommunities(snapshot, found.community)).toEqual([]);
      }
    });
  }
});

describe("leiden against igraph's Leiden", () => {
  for (const name of ['email-eu-core.edgelist', 'facebook.edgelist']) {
    it(`${name}: modularity within 0.005 of igraph's (median of ten seeds), CPM no lower`, async () => {
      const snapshot = await readSnapshot(datasetPath(name), { format: 'edgelist' });
      const graph = weightedAdjacency(snapshot, true);
      const reference = quality[name];
      // The same graph on both sides: Sway's modularity of igraph's partition is igraph's modularity.
      expect(modularity(graph, byIndex(snapshot, reference.partition), 1)).toBeCloseTo(
        reference.partitionModularity,
        12,
      );
      const found = [1, 2, 3, 4, 5]
        .map((seed) => detectCommunities(snapshot, { seed }).modularity)
        .sort((a, b) => a - b);
      const median = found[2];
      console.log(
        `${name}: Sway Leiden modularity ${found.map((q) => q.toFixed(4)).join(' ')}; igraph median ${reference.modularity.median.toFixed(4)} (${reference.modularity.min.toFixed(4)}-${reference.modularity.max.toFixed(4)})`,
      );
      expect(Math.abs(median - reference.modularity.median)).toBeLessThan(0.005);
      expect(found[0]).toBeGreaterThan(reference.modularity.min - 0.005);
      const cpm = detectCommunities(snapshot, {
        quality: 'cpm',
        resolution: reference.cpm.resolution,
        seed: 1,
      }).quality;
      console.log(
        `${name}: Sway Leiden CPM (γ ${reference.cpm.resolution}) ${cpm.toFixed(1)}; igraph median ${reference.cpm.median.toFixed(1)}`,
      );
      expect(cpm).toBeGreaterThan(reference.cpm.median * 0.995);
    });
  }
});

describe('leiden recovers the departments of email-eu-core', () => {
  it('NMI per resolution as leidenalg reaches it, with a floor at the best resolution', async () => {
    const snapshot = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    const truth = emailDepartments();
    const labels = Array.from({ length: snapshot.nodeCount }, (_, i) => truth.get(snapshot.ids.idOf(i))!);
    const measured: Record<string, number> = {};
    const gammas = Object.keys(departments).sort((a, b) => Number(a) - Number(b));
    for (const gamma of gammas) {
      const runs = [1, 2, 3, 4, 5].map((seed) =>
        normalizedMutualInformation(labels, detectCommunities(snapshot, { resolution: Number(gamma), seed }).community),
      );
      measured[gamma] = runs.reduce((a, b) => a + b, 0) / runs.length;
    }
    console.log(
      'email-eu-core NMI by resolution, Sway (mean of 5 seeds) / leidenalg (mean of 10): ' +
        gammas.map((g) => `γ ${g}: ${measured[g].toFixed(3)} / ${departments[g].nmi.toFixed(3)}`).join(', '),
    );
    const best = gammas.reduce((a, b) => (departments[b].nmi > departments[a].nmi ? b : a));
    expect(measured[best]).toBeGreaterThan(departments[best].nmi - 0.02);
    // The resolutions order the same way: more resolution, closer to the 42 departments, up to the best.
    expect(measured['1']).toBeGreaterThan(measured['0.5']);
    expect(measured[best]).toBeGreaterThan(measured['1']);
  });
});
