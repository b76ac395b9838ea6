import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { finished, startTestServer, type TestServer } from './harness.ts';

/**
 * The retention the operator chose for the server (`sway serve --keep-versions 2`) holds for its re-scoring jobs; the
 * API's requests cannot change it.
 */
describe("the server's score retention (real HTTP, jobs in worker threads)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: (store) => store.importBatches(demoBatches({ people: 200 }), { source: 'demo' }).then(() => undefined),
      server: { jobs: { retention: { keepVersions: 2, keepDays: 180 } } },
    });
  });
  afterAll(() => server?.close());

  it('keeps two versions after three re-scorings, whatever a request says', async () => {
    const analyst = server.client('analyst');
    const seeds = [1, 2, 3];
    for (const seed of seeds) {
      // keepVersions is not an API input: it is left out of the request, not obeyed.
      const job = await analyst.scores.rescore.mutate({ seed, keepVersions: 50 } as { seed: number });
      expect((await finished(server.client('analyst'), job.id)).status).toBe('succeeded');
    }
    const kept = await server.store.scoreVersions();
    expect(kept).toEqual([2, 3]);
    const top = (await server.client('viewer').graph.summary.query()).topInfluencers[0];
    const history = await server.client('viewer').people.history.query({ id: top.id });
    expect(history.map((point) => point.version)).toEqual([2, 3]);
  });
});
