import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCommunities } from '../../../graph/algorithms/communities.ts';
import { readBatches, readSnapshot } from '../../../graph/import/index.ts';
import type { ScoreSet } from '../../../graph/scores/types.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { rescore } from '../../../server/usecases/rescore.ts';
import { scoreStore } from '../../../server/usecases/score.ts';
import { datasetPath } from '../../datasets.ts';

/** The community method and resolution reach the communities family through the scoring use case (CLI, API, jobs). */
describe('scoring: community method and resolution', () => {
  let data: string;
  let store: GraphStore;
  let snapshot: Snapshot;
  beforeAll(async () => {
    const file = datasetPath('email-eu-core.edgelist');
    data = mkdtempSync(join(tmpdir(), 'sway-score-communities-'));
    store = await openStore({ data });
    await store.importBatches(readBatches(file, { format: 'edgelist' }), { source: 'email-eu-core' });
    snapshot = await readSnapshot(file, { format: 'edgelist' });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  /** The published community of each person, in the snapshot's order. */
  const byPerson = (set: ScoreSet) => {
    const row = new Map(Array.from({ length: set.ids.length }, (_, i) => [set.ids[i], i]));
    return Array.from({ length: snapshot.nodeCount }, (_, i) => set.columns.community[row.get(snapshot.ids.idOf(i))!]);
  };

  it('finds communities by Leiden at resolution 1 unless told otherwise', async () => {
    const result = await scoreStore(store, { only: ['communities'], seed: 5 });
    expect(result.set.meta.options.communities).toMatchObject({ method: 'leiden', resolution: 1 });
    const expected = detectCommunities(snapshot, { method: 'leiden', resolution: 1, seed: 5 });
    expect(byPerson(result.set)).toEqual(Array.from(expected.community));
    expect(result.set.meta.summary.communities).toBe(expected.count);
  });

  it('uses the method and resolution asked for, and rescoring passes them on', async () => {
    const result = await scoreStore(store, {
      only: ['communities'],
      seed: 5,
      communityMethod: 'louvain',
      resolution: 3,
    });
    expect(result.set.meta.options.communities).toMatchObject({ method: 'louvain', resolution: 3 });
    const expected = detectCommunities(snapshot, { method: 'louvain', resolution: 3, seed: 5 });
    expect(byPerson(result.set)).toEqual(Array.from(expected.community));
    // A higher resolution gives more, smaller communities than the default.
    expect(expected.count).toBeGreaterThan(detectCommunities(snapshot, { seed: 5 }).count);

    const again = await rescore(store, { only: ['communities'], seed: 5, resolution: 0.5 });
    const current = await store.currentScoreVersion();
    expect(current?.version).toBe(again.version);
    expect(current?.meta.options.communities).toMatchObject({ method: 'leiden', resolution: 0.5 });
    expect(again.summary.communities).toBe(detectCommunities(snapshot, { resolution: 0.5, seed: 5 }).count);
  });

  it('refuses a method it does not know and a resolution that is not above 0, before any work', async () => {
    await expect(scoreStore(store, { communityMethod: 'infomap' as 'leiden' })).rejects.toThrow(
      /communityMethod: must be one of leiden, louvain/,
    );
    await expect(scoreStore(store, { resolution: 0 })).rejects.toThrow(/resolution: must be more than 0/);
  });
});
