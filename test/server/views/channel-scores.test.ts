import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../graph/errors.ts';
import type { ImportBatch, Relationship } from '../../../graph/model.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { scoreStore } from '../../../server/usecases/score.ts';
import { channelScoreTable } from '../../../server/views/channel-scores.ts';

const rel = (source: string, target: string, channel: string): Relationship => ({
  source,
  target,
  kind: 'influences',
  weight: 1,
  channel,
});

async function* batches(): AsyncGenerator<ImportBatch> {
  yield {
    people: [],
    relationships: [
      rel('a', 'b', 'Forum'),
      rel('b', 'c', 'Forum;E-mail'),
      rel('c', 'd', 'E-mail'),
      rel('a', 'd', 'sms'),
    ],
  };
}

describe("one channel's scores as a table (sway export scores --channel)", () => {
  let data: string;
  let store: GraphStore;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-channels-'));
    store = await openStore({ data });
    await store.importBatches(batches(), { source: 'channels' });
    await scoreStore(store, { only: ['channels'] });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it("reads the channel's columns under their plain names, empty for people not on it", async () => {
    const stored = (await store.readScores())!;
    // In the order the store streams the relationships, which is not the import's.
    expect(stored.meta.channels!.map((c) => [c.name, c.key, c.relationships]).sort()).toEqual([
      ['E-mail', 'e_mail', 2],
      ['Forum', 'forum', 2],
      ['sms', 'sms', 1],
    ]);
    const table = channelScoreTable(stored, 'E-mail');
    expect(table.columns).toEqual(['influence', 'audience', 'reach2']);
    expect(table.meta.channel).toMatchObject({ name: 'E-mail', key: 'e_mail' });
    const rows = new Map<string, Record<string, number | null>>();
    for await (const row of table.rows) rows.set(row.id, row.scores);
    expect(rows.get('a')).toEqual({ influence: null, audience: null, reach2: null });
    expect(rows.get('b')).toMatchObject({ audience: 1, reach2: 2 });
    expect(rows.get('d')!.audience).toBe(0);
    // The key works as a name too.
    expect(channelScoreTable(stored, 'e_mail').meta.channel!.name).toBe('E-mail');
  });

  it('names the channels a version has when asked for another', async () => {
    const stored = (await store.readScores())!;
    expect(() => channelScoreTable(stored, 'tiktok')).toThrow(NotFoundError);
    expect(() => channelScoreTable(stored, 'tiktok')).toThrow(
      /^channel "tiktok" is not in this score version, which scored (Forum|E-mail|sms), (Forum|E-mail|sms), (Forum|E-mail|sms)$/,
    );
  });
});
