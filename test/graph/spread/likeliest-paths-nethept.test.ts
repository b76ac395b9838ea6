import { beforeAll, describe, expect, it } from 'vitest';
import { likeliestPaths } from '../../../graph/algorithms/spread/likeliest-paths.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { datasetPath } from '../../datasets.ts';
import { loadOracle } from '../../oracles.ts';

interface Fixture {
  seeds: string[];
  k: number;
  paths: Record<string, Array<{ path: string[]; cost: number }>>;
}

describe('most likely paths on nethept against NetworkX k shortest simple paths (-ln p weights)', () => {
  let snapshot: Snapshot;
  const oracle = loadOracle<Fixture>('likeliest-paths-nethept');
  beforeAll(async () => {
    snapshot = await readSnapshot(datasetPath('nethept.edgelist'), { format: 'edgelist', kind: 'influences' });
  });

  it(`the ${Object.keys(oracle.values.paths).length} targets' first paths carry the same probabilities, and each path is real`, () => {
    const { seeds, k, paths } = oracle.values;
    const starting = seeds.map((id) => snapshot.indexOfOrThrow(id));
    const isSeed = new Set(seeds);
    for (const [target, expected] of Object.entries(paths)) {
      const result = likeliestPaths(snapshot, starting, snapshot.indexOfOrThrow(target), { k });
      // Paths of equal cost may come in another order or differ at the k-th place; the k smallest costs may not.
      const costs = result.paths.map((p) => -Math.log(p.probability));
      expect(costs.length, target).toBe(expected.length);
      costs.forEach((cost, i) => expect(cost, `${target} path ${i + 1}`).toBeCloseTo(expected[i].cost, 5));
      expect(new Set(result.paths.map((p) => p.ids.join('-'))).size).toBe(result.paths.length);
      for (const path of result.paths) {
        expect(isSeed.has(path.ids[0])).toBe(true);
        expect(path.ids.at(-1)).toBe(target);
        expect(path.ids.slice(1).some((id) => isSeed.has(id))).toBe(false);
        expect(new Set(path.ids).size).toBe(path.ids.length);
        for (let i = 0; i + 1 < path.people.length; i++) {
          const [u, v] = [path.people[i], path.people[i + 1]];
          const targets = snapshot.outTargets.subarray(snapshot.outOffsets[u], snapshot.outOffsets[u + 1]);
          expect(targets.includes(v)).toBe(true);
          expect(path.steps[i]).toBeCloseTo(1 / snapshot.inDegree(v), 7);
        }
      }
      // The most likely path is one NetworkX found at the same cost (ties aside, the same path).
      const firstCost = expected[0].cost;
      const tiedFirst = expected.filter((p) => Math.abs(p.cost - firstCost) < 1e-9).map((p) => p.path.join('-'));
      if (tiedFirst.length === 1) expect(result.paths[0].ids.join('-')).toBe(tiedFirst[0]);
    }
  });
});
