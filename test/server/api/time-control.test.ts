import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch, Relationship } from '../../../graph/model.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { rescore } from '../../../server/usecases/rescore.ts';
import { scoreStore } from '../../../server/usecases/score.ts';
import { startTestServer, type TestServer } from './harness.ts';

const at = (date: string) => Date.parse(`${date}T12:00:00Z`) / 1000;
const follow = (speaker: string, follower: string, date: string): Relationship => ({
  source: speaker,
  target: follower,
  kind: 'follows',
  weight: 1,
  time: at(date),
});

/**
 * In 2020 three people follow x; in 2021 y gains three followers and x one more. y has no relationship before 2021.
 */
const RELATIONSHIPS = [
  follow('x', 'g1', '2020-02-01'),
  follow('x', 'g2', '2020-05-01'),
  follow('x', 'g3', '2020-09-01'),
  follow('y', 'h1', '2021-02-01'),
  follow('y', 'h2', '2021-03-01'),
  follow('y', 'h3', '2021-04-01'),
  follow('x', 'h4', '2021-06-01'),
];

const seed = (store: GraphStore) =>
  store
    .importBatches(
      (async function* (): AsyncGenerator<ImportBatch> {
        yield { people: [], relationships: RELATIONSHIPS };
      })(),
      { source: 'temporal' },
    )
    .then(() => undefined);

/** Each person's influence when the graph is scored as of `asOf` alone, in a store of its own. */
async function influenceAsOf(asOf: string): Promise<Map<string, number | null>> {
  const data = mkdtempSync(join(tmpdir(), 'sway-time-control-'));
  const store = await openStore({ data });
  try {
    await seed(store);
    const { version } = await scoreStore(store, { asOf });
    const table = (await store.readScores(version))!;
    const influence = new Map<string, number | null>();
    for await (const row of table.rows) influence.set(row.id, row.scores.influence);
    return influence;
  } finally {
    await store.close();
    rmSync(data, { recursive: true, force: true });
  }
}

describe("the explorer's time control through the API (precomputed windows)", () => {
  let server: TestServer;
  let windows: Array<{ version: number; asOf: string | null }>;
  beforeAll(async () => {
    server = await startTestServer({
      seed: async (store) => {
        await seed(store);
        // Two windows a year apart, ending 2021-12-31: as of 2020-12-31, then as of 2021-12-31 (current).
        windows = (await rescore(store, { windows: 2, asOf: '2021-12-31', windowEveryDays: 365 })).windows!;
      },
    });
  });
  afterAll(() => server?.close());

  it('lists the kept versions with their as-of dates, oldest first', async () => {
    expect(windows.map((w) => w.asOf)).toEqual(['2020-12-31T23:59:59.000Z', '2021-12-31T23:59:59.000Z']);
    const versions = await server.client('viewer').graph.versions.query();
    expect(versions.map(({ version, asOf, current }) => ({ version, asOf, current }))).toEqual([
      { version: windows[0].version, asOf: '2020-12-31T23:59:59.000Z', current: false },
      { version: windows[1].version, asOf: '2021-12-31T23:59:59.000Z', current: true },
    ]);
  });

  it("draws the current people with each version's values, as scored as of that date alone", async () => {
    const viewer = server.client('viewer');
    const [before, after] = await Promise.all([influenceAsOf('2020-12-31'), influenceAsOf('2021-12-31')]);
    const drawnCurrent = await viewer.graph.view.query({ mode: 'top', limit: 100 });
    const drawnBefore = await viewer.graph.view.query({ mode: 'top', limit: 100, version: windows[0].version });
    if (drawnCurrent.mode !== 'top' || drawnBefore.mode !== 'top') throw new Error('expected the top view');
    expect(drawnCurrent.scoreVersion).toBe(windows[1].version);
    expect(drawnBefore.scoreVersion).toBe(windows[0].version);
    // The same people in the same order (the drawing keeps its nodes and places); only the values change.
    expect(drawnBefore.nodes.map((n) => n.id)).toEqual(drawnCurrent.nodes.map((n) => n.id));
    expect(drawnBefore.edges).toEqual(drawnCurrent.edges);
    const values = (view: typeof drawnCurrent) =>
      new Map(view.mode === 'top' ? view.nodes.map((n) => [n.id, n.scores.influence ?? null]) : []);
    expect(values(drawnBefore)).toEqual(before);
    expect(values(drawnCurrent)).toEqual(after);
    // x led in 2020; y, without a relationship before 2021, had no more influence then than anyone without
    // followers, and leads in 2021.
    const b = values(drawnBefore);
    expect(b.get('x')!).toBeGreaterThan(b.get('y')!);
    expect(b.get('y')).toBe(b.get('h1'));
    expect(b.get('y')).toBe(b.get('g1'));
    expect(values(drawnCurrent).get('y')!).toBeGreaterThan(values(drawnCurrent).get('h1')!);

    // The same values as the people's histories.
    for (const id of ['x', 'y']) {
      const history = await viewer.people.history.query({ id });
      expect(history.map((p) => [p.version, p.values.influence])).toEqual([
        [windows[0].version, b.get(id)],
        [windows[1].version, values(drawnCurrent).get(id)],
      ]);
    }
  });

  it('a version the store does not keep is not found', async () => {
    await expect(server.client('viewer').graph.view.query({ mode: 'top', version: 999 })).rejects.toThrow(
      /score version 999 is not kept/,
    );
  });

  it('refuses more windows than score versions kept, before any work', async () => {
    await expect(rescore(server.store, { windows: 5, keepVersions: 4 })).rejects.toThrow(
      'scoring: windows asks for 5 windows but only 4 score versions are kept (keepVersions)',
    );
    expect(await server.store.scoreVersions()).toEqual(windows.map((w) => w.version));
  });
});
