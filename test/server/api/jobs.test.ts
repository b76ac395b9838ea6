import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { createClient, startTestServer, type Job, type JobEvent, type TestServer } from './harness.ts';

type Client = ReturnType<typeof createClient>;

/** Follows a job over server-sent events with the typed client until its final state. */
function follow(client: Client, id: string, onEvent?: (event: JobEvent) => void): Promise<JobEvent[]> {
  const events: JobEvent[] = [];
  return new Promise((resolve, reject) => {
    const subscription = client.jobs.progress.subscribe(
      { id },
      {
        onData: (event) => {
          events.push(event);
          onEvent?.(event);
          if (event.type === 'finished') {
            subscription.unsubscribe();
            resolve(events);
          }
        },
        onError: reject,
      },
    );
  });
}

describe('jobs: progress over SSE, one re-scoring at a time, cancellation (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: (store) => store.importBatches(demoBatches({ people: 1500 }), { source: 'demo' }).then(() => undefined),
    });
  });
  afterAll(() => server?.close());

  it('streams progress, then the result, of a re-scoring', async () => {
    const analyst = server.client('analyst');
    const job = await analyst.scores.rescore.mutate({});
    expect(job).toMatchObject({ kind: 'score', cached: false });
    expect(['queued', 'running']).toContain(job.status);
    // One re-scoring at a time: asking again while it runs returns the same job.
    expect((await analyst.scores.rescore.mutate({ force: true })).id).toBe(job.id);

    const events = await follow(server.client('viewer'), job.id);
    const last = events.at(-1)!;
    expect(last.type).toBe('finished');
    expect(last.job.status).toBe('succeeded');
    const progress = events.slice(0, -1).map((event) => event.job.progress);
    expect(progress.some((p) => p.phase === 'compute' && p.fraction > 0 && p.fraction < 1)).toBe(true);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i].fraction).toBeGreaterThanOrEqual(progress[i - 1].fraction);

    const current = await server.store.currentScoreVersion();
    expect((last.job.result as { version: number }).version).toBe(current!.version);
    expect((await server.client('viewer').jobs.get.query({ id: job.id })).status).toBe('succeeded');
    // The new version is served once the job has finished.
    expect((await server.client('viewer').graph.summary.query()).scoreVersion).toBe(current!.version);
  });

  it('answers a re-scoring of an unchanged graph from the current version', async () => {
    const current = await server.store.currentScoreVersion();
    const job = await server.client('analyst').scores.rescore.mutate({});
    expect(job).toMatchObject({
      status: 'succeeded',
      cached: true,
      result: { version: current!.version, upToDate: true },
    });
  });

  it('is server-sent events on the wire', async () => {
    const job = await server.client('analyst').scores.rescore.mutate({});
    const response = await server.fetch(`jobs.progress?input=${encodeURIComponent(JSON.stringify({ id: job.id }))}`, {
      role: 'viewer',
      headers: { accept: 'text/event-stream' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6));
    expect(data.some((payload) => payload.includes('"type":"finished"'))).toBe(true);
    // Progress streams need a token too.
    const anonymous = await server.fetch(`jobs.progress?input=${encodeURIComponent(JSON.stringify({ id: job.id }))}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(anonymous.status).toBe(401);
    // A browser's own EventSource cannot send headers: the token may come as tRPC's connectionParams instead.
    const params = encodeURIComponent(JSON.stringify({ token: server.tokens.viewer }));
    const viaParams = await fetch(
      `${server.api}/jobs.progress?input=${encodeURIComponent(JSON.stringify({ id: job.id }))}&connectionParams=${params}`,
      {
        headers: { accept: 'text/event-stream' },
      },
    );
    expect(viaParams.status).toBe(200);
    expect(await viaParams.text()).toContain('"type":"finished"');
  });

  it('cancels a running re-scoring: the previous scores stay current and the lock is released', async () => {
    const before = await server.store.currentScoreVersion();
    const analyst = server.client('analyst');
    const job = await analyst.scores.rescore.mutate({ force: true });
    let cancelled: Promise<Job> | null = null;
    const events = await follow(server.client('viewer'), job.id, (event) => {
      // Cancel once the computation is under way.
      if (!cancelled && event.job.progress.phase === 'compute') cancelled = analyst.jobs.cancel.mutate({ id: job.id });
    });
    expect(cancelled).not.toBeNull();
    const final = events.at(-1)!.job;
    expect(final.status).toBe('cancelled');
    expect(final.error).toEqual({ code: 'CANCELLED', message: 'the job was cancelled' });
    expect((await server.store.currentScoreVersion())!.version).toBe(before!.version);
    // The re-scoring lock was given back: the next re-scoring runs.
    const next = await analyst.scores.rescore.mutate({ force: true });
    const after = await follow(server.client('viewer'), next.id);
    expect(after.at(-1)!.job.status).toBe('succeeded');
  });

  it('cancels a queued job before it starts', async () => {
    const admin = server.client('admin');
    const running = await admin.scores.rescore.mutate({ force: true });
    const queued = await admin.imports.create.mutate({ content: 'x y\n', format: 'edgelist', score: false });
    expect(queued.status).toBe('queued');
    const cancelled = await admin.jobs.cancel.mutate({ id: queued.id });
    expect(cancelled.status).toBe('cancelled');
    await follow(server.client('viewer'), running.id);
    expect(await server.store.getPerson('x')).toBeNull();
  });
});
