import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectCommunities } from '../../graph/algorithms/communities.ts';
import { adjustedRandIndex, normalizedMutualInformation } from '../../graph/algorithms/partition-agreement.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { snapshotFromEdges } from '../../graph/snapshot.ts';
import { datasetPath } from '../datasets.ts';
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

describe('Louvain communities', () => {
  it('recovers departments of email-eu-core (NMI above the measured floor) reproducibly', async () => {
    const email = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    const truth = new Map<string, number>();
    for (const line of readFileSync(datasetPath('email-eu-core-departments.tsv'), 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [node, department] = line.split('\t');
      truth.set(node, Number(department));
    }
    const result = detectCommunities(email, { seed: 42 });
    const again = detectCommunities(email, { seed: 42 });
    expect(Array.from(again.community)).toEqual(Array.from(result.community));
    const ids = Array.from({ length: email.nodeCount }, (_, i) => email.ids.idOf(i));
    const nmi = normalizedMutualInformation(
      ids.map((id) => truth.get(id)!),
      result.community,
    );
    const ari = adjustedRandIndex(
      ids.map((id) => truth.get(id)!),
      result.community,
    );
    console.log(
      `email-eu-core Louvain: ${result.count} communities, modularity ${result.modularity.toFixed(3)}, NMI ${nmi.toFixed(3)}, ARI ${ari.toFixed(3)}`,
    );
    expect(nmi).toBeGreaterThan(0.55);
    expect(result.modularity).toBeGreaterThan(0.4);
    // Renumbered by size: community 0 is the largest.
    for (let c = 1; c < result.count; c++) expect(result.sizes[c]).toBeLessThanOrEqual(result.sizes[c - 1]);
  });

  it('separates two cliques joined by one edge', () => {
    const clique = (p: string) =>
      ['1', '2', '3', '4'].flatMap((a) =>
        ['1', '2', '3', '4'].filter((b) => a < b).map((b) => [p + a, p + b] as [string, string]),
      );
    const snapshot = snapshotFromEdges([...clique('x'), ...clique('y'), ['x1', 'y1']]);
    const { community, count } = detectCommunities(snapshot);
    expect(count).toBe(2);
    const of = (id: string) => community[snapshot.indexOfOrThrow(id)];
    expect(new Set(['x1', 'x2', 'x3', 'x4'].map(of)).size).toBe(1);
    expect(of('x1')).not.toBe(of('y1'));
  });
});
