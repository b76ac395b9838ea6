import { describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../../graph/demo/customer-community.ts';
import type { Relationship } from '../../../graph/model.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import { channelColumn, channelColumnDefinition, channelKeys } from '../../../graph/scores/definitions.ts';
import { snapshotFrom } from '../../../graph/snapshot.ts';
import { loadOracle } from '../../oracles.ts';

const rel = (source: string, target: string, channel?: string): Relationship => ({
  source,
  target,
  kind: 'influences',
  weight: 1,
  ...(channel !== undefined && { channel }),
});

describe('per-channel score columns in a score run', () => {
  it('gives channel names column keys a store accepts, unique', () => {
    expect(channelKeys(['forum', 'E-mail', 'Forum', '2go', ''])).toEqual(['forum', 'e_mail', 'forum_2', 'c_2go', 'c']);
    expect(channelColumn('influence', 'forum')).toBe('influence__forum');
    expect(channelColumnDefinition('audience', { name: 'E-mail', key: 'e_mail' })).toMatchObject({
      column: 'audience__e_mail',
      label: 'Audience on E-mail',
      unit: 'people',
    });
  });

  it("equal nx.pagerank on each channel's subgraph of the demo network, with meta.channels naming them", async () => {
    const oracle = loadOracle<{ people: number; channels: Record<string, Record<string, number>> }>(
      'pagerank-channels-demo',
    ).values;
    const network = generateDemoNetwork({ people: oracle.people });
    const base = snapshotFrom(network.people, network.relationships);
    const set = await computeScores(base, { only: ['channels'] });
    expect(set.meta.channels!.map((c) => c.name).sort()).toEqual(Object.keys(oracle.channels).sort());
    expect(set.meta.summary.channelCount).toBe(Object.keys(oracle.channels).length);
    for (const { name, key, relationships } of set.meta.channels!) {
      expect(relationships).toBeGreaterThan(0);
      const expected = oracle.channels[name];
      const ids = Object.keys(expected);
      const influence = set.columns[channelColumn('influence', key)];
      // Influence is N x PageRank among the N people present on the channel; NetworkX's sums to 1 over them.
      let distance = 0;
      for (const id of ids) distance += Math.abs(influence[base.indexOfOrThrow(id)] / ids.length - expected[id]);
      expect(distance, name).toBeLessThan(1e-9);
      const absent = Array.from(influence.keys()).filter((i) => !(base.ids.idOf(i) in expected));
      for (const i of absent) expect(influence[i]).toBeNaN();
    }
  });

  it('a person on one channel only has empty values on the others, and a graph without channels gets none', async () => {
    const base = snapshotFrom([], [rel('a', 'b', 'forum'), rel('b', 'c', 'forum;email'), rel('c', 'd', 'email')]);
    const set = await computeScores(base, { only: ['channels'] });
    const at = (column: string, id: string) => set.columns[column][base.indexOfOrThrow(id)];
    expect(at('audience__forum', 'a')).toBe(1);
    expect(at('audience__email', 'a')).toBeNaN();
    expect(at('influence__email', 'a')).toBeNaN();
    expect(at('reach2__email', 'b')).toBe(2);
    const plain = await computeScores(snapshotFrom([], [rel('a', 'b')]), { only: ['channels'] });
    expect(Object.keys(plain.columns).filter((c) => c.includes('__'))).toEqual([]);
    expect(plain.meta.channels).toEqual([]);
  });
});
