import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import type { ImportBatch, Relationship } from '../../../graph/model.ts';
import { SECONDS_PER_DAY } from '../../../graph/views/time.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { rescore } from '../../../server/usecases/rescore.ts';
import { scoreStore } from '../../../server/usecases/score.ts';
import { scoringFlags } from '../../../scripts/cli/commands/score.ts';

const day = (d: number) => d * SECONDS_PER_DAY;
const follow = (speaker: string, follower: string, d: number): Relationship => ({
  source: speaker,
  target: follower,
  kind: 'follows',
  weight: 1,
  time: day(d),
});

// Days 10-60: x gains four followers, y one. Days 100-160: x gains one follower, y six (as trend.test.ts).
const RELATIONSHIPS = [
  ...['g1', 'g2', 'g3', 'g4'].map((g, k) => follow('x', g, 10 + 10 * k)),
  follow('y', 'g5', 60),
  follow('x', 'h1', 100),
  ...['h2', 'h3', 'h4', 'h5', 'h6', 'h7'].map((h, k) => follow('y', h, 110 + 10 * k)),
];

async function* batches(): AsyncGenerator<ImportBatch> {
  yield { people: [], relationships: RELATIONSHIPS };
}

describe('scoring as of a date, over a window, with a half-life (the score use case)', () => {
  let data: string;
  let store: GraphStore;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-time-'));
    store = await openStore({ data });
    await store.importBatches(batches(), { source: 'stars' });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('records the time in the published set, which the store and its export return', async () => {
    // 1970-05-31 is day 150; the end of that day leaves out only y's follower of day 160 (h7).
    const result = await scoreStore(store, { only: ['trend'], asOf: '1970-05-31', windowDays: 90 });
    const table = await store.readScores(result.version);
    expect(table!.meta.time).toEqual({
      asOf: '1970-05-31T23:59:59.000Z',
      windowDays: 90,
      halfLifeDays: null,
      periodDays: 90,
    });
    expect(table!.columns).toEqual(
      expect.arrayContaining(['influence_change', 'influence_rank_change', 'reach_change']),
    );
    const rows = new Map<string, Record<string, number | null>>();
    for await (const row of table!.rows) rows.set(row.id, row.scores);
    expect(rows.get('y')!.audience).toBe(5);
    expect(rows.get('y')!.reach_change).toBe(4);
    // h7 follows y only after the as-of date: in neither window, so no change at all (empty, not 0).
    expect(rows.get('h7')!.influence_change).toBeNull();
  });

  it("rescore's summary lists the risers and fallers against the previous window", async () => {
    const summary = await rescore(store, { only: ['trend'], windowDays: 90 });
    // The as-of date defaults to the latest relationship time, day 160.
    expect(summary.time).toMatchObject({ asOf: new Date(day(160) * 1000).toISOString(), windowDays: 90 });
    expect(summary.windowMovers!.periodDays).toBe(90);
    expect(summary.windowMovers!.risers[0]).toMatchObject({ id: 'y', rankChange: 1, reachChange: 5 });
    expect(summary.windowMovers!.fallers.map((m) => m.id)).toContain('x');
  });

  it('the CLI flags go through the same schema: a bad date or window is refused before any work', () => {
    expect(scoringFlags({ asOf: '2016-01-31', window: '90', halfLife: '30' }, 'sway score')).toMatchObject({
      asOf: '2016-01-31',
      windowDays: 90,
      halfLifeDays: 30,
    });
    expect(() => scoringFlags({ asOf: 'last tuesday' }, 'sway score')).toThrow(InvalidOptionsError);
    expect(() => scoringFlags({ asOf: 'last tuesday' }, 'sway score')).toThrow(
      /--as-of must be a date such as 2016-01-31 \(got "last tuesday"\)/,
    );
    expect(() => scoringFlags({ window: '-3' }, 'sway rescore')).toThrow(/--window must be more than 0/);
  });
});
