import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../../graph/algorithms/communities.ts';
import { adjustedRandIndex, normalizedMutualInformation } from '../../graph/algorithms/partition-agreement.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { snapshotFromEdges } from '../../graph/snapshot.ts';
import { datasetPath } from '../datasets.ts';
import { emailDepartments } from './departments.ts';
import { loadOracle } from '../oracles.ts';

describe('partition agreement', () => {
  it('NMI equals the Python reference on departments vs NetworkX Louvain', () => {
    const { departments, louvain, nmi } = loadOracle<{
      departments: Record<string, string>;
      louvain: Record<string, number>;
      nmi: number;
    }>('nmi-email').values;
    const ids = Object.keys(louvain);
    const value = normalizedMutualInformation(
      ids.map((id) => Number(departments[id])),
      ids.map((id) => louvain[id]),
    );
    expect(value).toBeCloseTo(nmi, 12);
  });

  it('by hand', () => {
    expect(normalizedMutualInformation([0, 0, 1, 1], [5, 5, 7, 7])).toBeCloseTo(1, 12);
    expect(normalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBeCloseTo(1, 12);
    // ARI of [0,0,1,1] vs [0,0,0,1]: index = 1, sums 2 and 3, expected 2*3/6 = 1, max 2.5 -> 0.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 0, 1])).toBeCloseTo(0, 12);
  });
});

describe('communities (Leiden by default, Louvain as a choice)', () => {
  it('recovers departments of email-eu-core (NMI above the measured floor) reproducibly, with either method', async () => {
    const email = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    const truth = emailDepartments();
    const ids = Array.from({ length: email.nodeCount }, (_, i) => email.ids.idOf(i));
    for (const method of ['leiden', 'louvain'] as const) {
      const result = detectCommunities(email, { method, seed: 42 });
      const again = detectCommunities(email, { method, seed: 42 });
      expect(Array.from(again.community)).toEqual(Array.from(result.community));
      const nmi = normalizedMutualInformation(
        ids.map((id) => truth.get(id)!),
        result.community,
      );
      const ari = adjustedRandIndex(
        ids.map((id) => truth.get(id)!),
        result.community,
      );
      console.log(
        `email-eu-core ${method}: ${result.count} communities, modularity ${result.modularity.toFixed(3)}, NMI ${nmi.toFixed(3)}, ARI ${ari.toFixed(3)}`,
      );
      expect(nmi).toBeGreaterThan(0.55);
      expect(result.modularity).toBeGreaterThan(0.4);
      // Renumbered by size: community 0 is the largest.
      for (let c = 1; c < result.count; c++) expect(result.sizes[c]).toBeLessThanOrEqual(result.sizes[c - 1]);
    }
  });

  it('Leiden, the default, is at least as good as Louvain: modularity and NMI over ten seeds', async () => {
    const truth = emailDepartments();
    for (const name of ['email-eu-core.edgelist', 'facebook.edgelist', 'nethept.edgelist']) {
      const snapshot = await readSnapshot(datasetPath(name), { format: 'edgelist' });
      const labels = Array.from({ length: snapshot.nodeCount }, (_, i) => truth.get(snapshot.ids.idOf(i)) ?? -1);
      const mean = (method: 'leiden' | 'louvain') => {
        let q = 0;
        let nmi = 0;
        for (let seed = 1; seed <= 10; seed++) {
          const found = detectCommunities(snapshot, { method, seed });
          q += found.modularity / 10;
          if (name === 'email-eu-core.edgelist') nmi += normalizedMutualInformation(labels, found.community) / 10;
        }
        return { q, nmi };
      };
      const leiden = mean('leiden');
      const louvain = mean('louvain');
      const nmi =
        name === 'email-eu-core.edgelist'
          ? `; mean NMI against the departments ${leiden.nmi.toFixed(3)}, ${louvain.nmi.toFixed(3)}`
          : '';
      console.log(`${name}: mean modularity Leiden ${leiden.q.toFixed(4)}, Louvain ${louvain.q.toFixed(4)}${nmi}`);
      expect(leiden.q).toBeGreaterThanOrEqual(louvain.q);
      expect(leiden.nmi).toBeGreaterThanOrEqual(louvain.nmi);
    }
  });

  it('separates two cliques joined by one edge, with either method', () => {
    const clique = (p: string) =>
      ['1', '2', '3', '4'].flatMap((a) =>
        ['1', '2', '3', '4'].filter((b) => a < b).map((b) => [p + a, p + b] as [string, string]),
      );
    const snapshot = snapshotFromEdges([...clique('x'), ...clique('y'), ['x1', 'y1']]);
    for (const method of ['leiden', 'louvain'] as const) {
      const { community, count } = detectCommunities(snapshot, { method });
      expect(count).toBe(2);
      const of = (id: string) => community[snapshot.indexOfOrThrow(id)];
      expect(new Set(['x1', 'x2', 'x3', 'x4'].map(of)).size).toBe(1);
      expect(of('x1')).not.toBe(of('y1'));
    }
  });

  it('reports modularity at resolution 1 whatever was maximised, and the quality it maximised', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'd'],
      ['c', 'd'],
    ]);
    const cpm = detectCommunities(snapshot, { quality: 'cpm', resolution: 0.5 });
    expect(cpm.count).toBe(2);
    expect(cpm.quality).toBeCloseTo(3, 12);
    expect(cpm.modularity).toBeCloseTo(5 / 14, 12);
  });

  it("validates its options in the users' words", () => {
    const snapshot = snapshotFromEdges([['a', 'b']]);
    expect(() => detectCommunities(snapshot, { method: 'girvan' as never })).toThrow(
      /communities: "method" must be one of leiden, louvain/,
    );
    expect(() => detectCommunities(snapshot, { method: 'louvain', quality: 'cpm' })).toThrow(
      /Constant Potts Model .* needs the Leiden method/,
    );
    expect(() => detectCommunities(snapshot, { resolution: 0 })).toThrow(/"resolution" must be greater than 0/);
    expect(() => detectCommunities(snapshot, { iterations: 0 })).toThrow(/"iterations" must be at least 1/);
  });
});
