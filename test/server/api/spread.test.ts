import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { spreadMessage, type SpreadReport } from '../../../server/usecases/spread.ts';
import { failure, startTestServer, type JobEvent, type TestServer } from './harness.ts';

describe('spread.run: a spread analysis in a job, with progress (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: (store) => store.importBatches(demoBatches({ people: 1500 }), { source: 'demo' }).then(() => undefined),
      score: true,
    });
  });
  afterAll(() => server?.close());

  it('streams its phases, then the result of the spread use case; the same analysis again comes from the cache', async () => {
    const options = {
      from: { people: ['demo-0001', 'demo-0002'] },
      compareWith: { community: 0, leaders: 2 },
      explain: ['demo-0003'],
      runs: 500,
    };
    const analyst = server.client('analyst');
    const job = await analyst.spread.run.mutate(options);
    const events: JobEvent[] = await new Promise((resolve, reject) => {
      const seen: JobEvent[] = [];
      const subscription = server.client('viewer').jobs.progress.subscribe(
        { id: job.id },
        {
          onData: (event) => {
            seen.push(event);
            if (event.type !== 'finished') return;
            subscription.unsubscribe();
            resolve(seen);
          },
          onError: reject,
        },
      );
    });
    const done = events.at(-1)!.job;
    expect(done.status).toBe('succeeded');
    const fractions = events.slice(0, -1).map((event) => event.job.progress.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);

    const direct = await spreadMessage(server.store, options);
    expect(done.result).toEqual(JSON.parse(JSON.stringify(direct)));
    const report = done.result as SpreadReport;
    expect(report.communities!.length).toBeGreaterThan(1);
    expect(report.comparison!.starting).toHaveLength(2);
    expect(report.starting[0].label).toMatch(/\(synthetic\)$/);

    const again = await analyst.spread.run.mutate(options);
    expect(again).toMatchObject({ id: job.id, status: 'succeeded', cached: true });
  });

  it('takes an analyst, and refuses bad options with one line per problem', async () => {
    expect((await failure(server.client('viewer').spread.run.mutate({ from: { people: ['demo-0001'] } }))).code).toBe(
      'FORBIDDEN',
    );
    const bad = await failure(server.client('analyst').spread.run.mutate({ from: { people: ['demo-0001'] }, runs: 1 }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toContain('runs: must be at least 10');
  });
});
