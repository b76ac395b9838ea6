import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectAdvocates } from '../../../graph/algorithms/advocates/select.ts';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { loadSnapshot } from '../../../server/jobs/score.ts';
import { createClient, startTestServer, type Job, type TestServer } from './harness.ts';

function finished(client: ReturnType<typeof createClient>, id: string): Promise<Job> {
  return new Promise((resolve, reject) => {
    const subscription = client.jobs.progress.subscribe(
      { id },
      {
        onData: (event) => {
          if (event.type !== 'finished') return;
          subscription.unsubscribe();
          resolve(event.job);
        },
        onError: reject,
      },
    );
  });
}

interface Plan {
  k: number;
  advocates: Array<{ id: string; label: string | null; marginalGain: number; cumulative: number }>;
  curve: number[];
  guarantee: { certifiedRatio: number };
  evaluation: { baselines: Array<{ name: string }> };
  scoreVersion: number;
}

describe('advocates.plan: an OPIM-C plan in a job (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: (store) => store.importBatches(demoBatches({ people: 1500 }), { source: 'demo' }).then(() => undefined),
      score: true,
    });
  });
  afterAll(() => server?.close());

  it('returns the selection the library makes, with its curve, bound and baselines; the same plan again comes from the cache', async () => {
    const analyst = server.client('analyst');
    const job = await analyst.advocates.plan.mutate({ k: 10, seed: 5, evaluationRuns: 1000 });
    const done = await finished(server.client('viewer'), job.id);
    expect(done.status).toBe('succeeded');
    const plan = done.result as Plan;

    const { snapshot } = await loadSnapshot(server.store);
    const table = (await server.store.readScores())!;
    const pagerank = new Float64Array(snapshot.nodeCount).fill(-1);
    for await (const row of table.rows) pagerank[snapshot.ids.indexOf(row.id)] = row.scores.pagerank!;
    const direct = selectAdvocates(snapshot, { k: 10, seed: 5, influenceScores: pagerank, evaluationRuns: 1000 });
    expect(plan.advocates.map((a) => a.id)).toEqual(direct.advocates.map((a) => a.id));
    expect(plan.curve).toEqual(direct.curve);
    expect(plan.guarantee.certifiedRatio).toBe(direct.guarantee.certifiedRatio);
    expect(plan.evaluation.baselines.map((b) => b.name)).toEqual(['top out-degree', 'top influence score']);
    expect(plan.advocates[0].label).toMatch(/\(synthetic\)$/);
    expect(plan.scoreVersion).toBe(table.version);

    const again = await analyst.advocates.plan.mutate({ k: 10, seed: 5, evaluationRuns: 1000 });
    expect(again).toMatchObject({ id: job.id, status: 'succeeded', cached: true });
  });

  it('honours the constraints: customers only, a cap per community, exclusions and must-includes', async () => {
    const table = (await server.store.readScores())!;
    const community = new Map<string, number>();
    for await (const row of table.rows) community.set(row.id, row.scores.community!);
    const job = await server.client('analyst').advocates.plan.mutate({
      k: 12,
      customersOnly: true,
      capPerCommunity: 2,
      exclude: ['demo-0001'],
      include: ['demo-0002'],
      evaluationRuns: 0,
    });
    const done = await finished(server.client('viewer'), job.id);
    expect(done.status).toBe('succeeded');
    const plan = done.result as Plan;
    const ids = plan.advocates.map((a) => a.id);
    expect(ids[0]).toBe('demo-0002');
    expect(ids).not.toContain('demo-0001');
    for (const id of ids.slice(1)) expect((await server.store.getPerson(id))!.person.customer).toBe(true);
    const perCommunity = new Map<number, number>();
    for (const id of ids) perCommunity.set(community.get(id)!, (perCommunity.get(community.get(id)!) ?? 0) + 1);
    expect(Math.max(...perCommunity.values())).toBeLessThanOrEqual(2);
  });

  it('fails the job with a clear message for an unknown person', async () => {
    const job = await server
      .client('analyst')
      .advocates.plan.mutate({ k: 3, exclude: ['nobody-here'], evaluationRuns: 0 });
    const done = await finished(server.client('viewer'), job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(done.error!.message).toMatch(/unknown person id "nobody-here"/);
  });
});
