import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch, Relationship } from '../../../graph/model.ts';
import { SECONDS_PER_DAY } from '../../../graph/views/time.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { checkWindows, rescore } from '../../../server/usecases/rescore.ts';

const day = (d: number) => d * SECONDS_PER_DAY;
const iso = (d: number) => new Date(day(d) * 1000).toISOString();
const follow = (speaker: string, follower: string, d: number): Relationship => ({
  source: speaker,
  target: follower,
  kind: 'follows',
  weight: 1,
  time: day(d),
});

describe('sway rescore --windows: precomputed windows, each a kept score version', () => {
  let data: string;
  let store: GraphStore;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-windows-'));
    store = await openStore({ data });
    await store.importBatches(
      (async function* (): AsyncGenerator<ImportBatch> {
        yield {
          people: [],
          relationships: [follow('x', 'a', 10), follow('x', 'b', 100), follow('y', 'c', 190), follow('y', 'd', 200)],
        };
      })(),
      { source: 'windows' },
    );
  });
  afterAll(async () => {
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('scores each window as of its own date, oldest first, the last one ending at the latest relationship', async () => {
    const summary = await rescore(store, { windows: 3, windowDays: 60, only: ['influence'] });
    // Every 60 days (the window) back from day 200, the latest relationship time.
    expect(summary.windows!.map((w) => w.asOf)).toEqual([iso(80), iso(140), iso(200)]);
    expect(await store.scoreVersions()).toEqual(summary.windows!.map((w) => w.version));
    expect(summary.version).toBe(summary.windows![2].version);
    expect((await store.currentScoreVersion())!.meta.time!.asOf).toBe(iso(200));
    // The movers compare the last window with the one before it.
    expect(summary.previousVersion).toBe(summary.windows![1].version);
    for (const [k, w] of summary.windows!.entries()) {
      const meta = (await store.readScores(w.version))!.meta;
      expect(meta.time).toMatchObject({ asOf: [iso(80), iso(140), iso(200)][k], windowDays: 60 });
    }
  });

  it('--every sets the days between window ends; --as-of the last end', async () => {
    const summary = await rescore(store, { windows: 2, asOf: '1970-06-30', windowEveryDays: 30, only: ['influence'] });
    expect(summary.windows!.map((w) => w.asOf)).toEqual(['1970-05-31T23:59:59.000Z', '1970-06-30T23:59:59.000Z']);
  });

  it('refuses more windows than the versions kept, in the words of the CLI or of the API', () => {
    expect(() =>
      checkWindows({ windows: 13, keepVersions: 12 }, 'sway rescore', {
        windows: '--windows',
        keepVersions: '--keep-versions',
      }),
    ).toThrow(
      'sway rescore: --windows asks for 13 windows but only 12 score versions are kept (--keep-versions), so the oldest windows would be dropped as soon as they were written; ask for fewer windows or keep more versions',
    );
    expect(() => checkWindows({ windows: 12, keepVersions: 12 }, 'scoring')).not.toThrow();
  });
});
