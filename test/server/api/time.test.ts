import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PERIOD, demoBatches } from '../../../graph/demo/customer-community.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('scores over time through the API (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: (store) => store.importBatches(demoBatches({ people: 400 }), { source: 'demo' }).then(() => undefined),
    });
  });
  afterAll(() => server?.close());

  it('a re-scoring job takes the time options of sway rescore, and the summary shows the time scored', async () => {
    const analyst = server.client('analyst');
    const job = await analyst.scores.rescore.mutate({ asOf: '2024-06-30', windowDays: 180, halfLifeDays: 90 });
    for (let i = 0; i < 600; i++) {
      const status = (await analyst.jobs.get.query({ id: job.id })).status;
      if (status === 'succeeded') break;
      expect(['queued', 'running']).toContain(status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
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
  });

  it('refuses a bad date with the schema the CLI uses', async () => {
    await expect(server.client('analyst').scores.rescore.mutate({ asOf: 'soon' })).rejects.toThrow(
      /must be a date such as 2016-01-31/,
    );
  });
});
