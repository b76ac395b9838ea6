import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERIOD, demoBatches } from '../../../graph/demo/customer-community.ts';
import { finished, startTestServer, type TestServer } from './harness.ts';

describe('scores over time through the API (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: (store) => store.importBatches(demoBatches({ people: 400 }), { source: 'demo' }).then(() => undefined),
    });
  });
  afterAll(() => server?.close());

  let lastJob = '';

  it('a re-scoring job takes the time options of sway rescore, and the summary shows the time scored', async () => {
    const analyst = server.client('analyst');
    const job = await analyst.scores.rescore.mutate({ asOf: '2024-06-30', windowDays: 180, halfLifeDays: 90 });
    expect((await finished(server.client('analyst'), job.id)).status).toBe('succeeded');
    const summary = await server.client('viewer').graph.summary.query();
    expect(summary.time).toEqual({
      asOf: '2024-06-30T23:59:59.000Z',
      windowDays: 180,
      halfLifeDays: 90,
      periodDays: 180,
    });
    // The demo's relationships span 2023-2024, so the previous window has people too: the trend has values.
    expect(summary.figures.trendPresentBefore).toBeGreaterThan(0);
    expect(Date.parse(summary.time!.asOf!) / 1000).toBeLessThan(DEMO_PERIOD.end);
    // The same request again is not up to date with a set made without a window: asking for time recomputes.
    const again = await analyst.scores.rescore.mutate({});
    expect(again).toMatchObject({ kind: 'score', cached: false });
    lastJob = again.id;
  });

  it('ranks and sizes people by one channel, and shows where a person matters', async () => {
    expect((await finished(server.client('analyst'), lastJob)).status).toBe('succeeded');
    const viewer = server.client('viewer');
    const view = await viewer.graph.view.query({ mode: 'top', limit: 20, channel: 'forum' });
    if (view.mode !== 'top') throw new Error('expected the top view');
    expect(view.sizeColumn).toBe('influence__forum');
    expect(view.channel).toMatchObject({ name: 'forum', key: 'forum' });
    const sizes = view.nodes.map((node) => node.scores.influence__forum!);
    expect(sizes.every((size) => size !== null)).toBe(true);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]);
    const person = await viewer.people.get.query({ id: view.nodes[0].id });
    const forum = person.channels.find((channel) => channel.name === 'forum')!;
    expect(forum.scores.map((score) => score.column)).toEqual(['influence__forum', 'audience__forum', 'reach2__forum']);
    expect(forum.scores[0].value).toBe(sizes[0]);
    expect(person.channels.length).toBeGreaterThan(1);
    await expect(viewer.graph.view.query({ mode: 'top', channel: 'myspace' })).rejects.toThrow(
      /channel "myspace" is not in this score version/,
    );
  });

  it('lists people influential on one channel and absent or weak on another (outreach)', async () => {
    const viewer = server.client('viewer');
    const list = await viewer.people.outreach.query({ strong: 'forum', weak: 'tiktok', limit: 500 });
    expect(list.people.length).toBeGreaterThan(0);
    // The bars applied, when not asked for: the documented defaults (top 10% on one, bottom half on the other).
    expect([list.strongPercentile, list.weakPercentile]).toEqual([90, 50]);
    for (const [i, person] of list.people.entries()) {
      expect(person.strongPercentile).toBeGreaterThanOrEqual(90);
      if (person.weak !== null) expect(person.weakPercentile!).toBeLessThan(50);
      if (i > 0) expect(person.strong).toBeLessThanOrEqual(list.people[i - 1].strong);
    }
    // The list reads the same per-channel columns as the person panel.
    const first = list.people[0];
    const channels = (await viewer.people.get.query({ id: first.id })).channels;
    expect(channels.find((c) => c.name === 'forum')!.scores[0]).toMatchObject({
      value: first.strong,
      percentile: first.strongPercentile,
    });
    const tiktok = channels.find((c) => c.name === 'tiktok')!.scores[0];
    expect(tiktok.value).toBe(first.weak);
    // A stricter bar on the forum keeps a prefix of the same list.
    const stricter = await viewer.people.outreach.query({ strong: 'forum', weak: 'tiktok', strongPercentile: 99 });
    expect(stricter.strongPercentile).toBe(99);
    expect(stricter.people.map((p) => p.id)).toEqual(
      list.people
        .filter((p) => p.strongPercentile >= 99)
        .map((p) => p.id)
        .slice(0, 50),
    );
  });

  it("gives a person's history across the kept score versions", async () => {
    const viewer = server.client('viewer');
    const top = (await viewer.graph.summary.query()).topInfluencers[0];
    const history = await viewer.people.history.query({ id: top.id });
    // Every kept version, oldest first (two re-scorings here; the store keeps up to 12).
    expect(history.map((point) => point.version)).toEqual(await server.store.scoreVersions());
    expect(history).toHaveLength(2);
    const now = await viewer.people.get.query({ id: top.id });
    const value = (column: string) => now.scores.find((score) => score.column === column)!.value;
    expect(history[1].values).toEqual({
      influence: value('influence'),
      reach2: value('reach2'),
      reputation: value('reputation'),
      influence_change: value('influence_change'),
    });
    expect(history[0].asOf).toBe('2024-06-30T23:59:59.000Z');
    await expect(viewer.people.history.query({ id: 'nobody-here' })).rejects.toThrow(/No person with this id/);
  });

  it('refuses a bad date with the schema the CLI uses', async () => {
    await expect(server.client('analyst').scores.rescore.mutate({ asOf: 'soon' })).rejects.toThrow(
      /must be a date such as 2016-01-31/,
    );
  });
});
