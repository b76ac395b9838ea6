import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, Relationship } from '../../graph/model.ts';
import { RateLimiter } from '../../server/app/rate-limit.ts';
import { MAX_EGO_RELATIONSHIPS } from '../../server/routers/people.ts';
import { chooseEgoPeople, EGO_DEFAULTS, type Tie } from '../../server/stores/ego.ts';
import { seedStar } from '../server/api/fixtures.ts';
import { batchesOf, startTestServer, type TestServer } from '../server/api/harness.ts';

const json = { 'content-type': 'application/json' };

describe('security: body limits decided per procedure (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: seedStar,
      server: { maxRequestBytes: 64 * 1024, maxUploadBytes: 1024 * 1024 },
    });
  });
  afterAll(() => server?.close());

  it('refuses a batch that mixes an upload with another procedure, before reading its body', async () => {
    const big = 'x'.repeat(512 * 1024);
    const body = JSON.stringify({ 0: {}, 1: { content: big, format: 'edgelist' } });
    // Encoded commas are the same batch.
    for (const path of ['scores.rescore,imports.create?batch=1', 'scores.rescore%2Cimports.create?batch=1']) {
      const response = await server.fetch(path, { role: 'admin', method: 'POST', headers: json, body });
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toMatch(/cannot be batched/);
    }
    expect(server.app.services.jobs.active()).toEqual([]);
  });

  it('keeps the ordinary limit for every other procedure, batched or not', async () => {
    const body = JSON.stringify({ 0: { only: ['x'.repeat(128 * 1024)] }, 1: {} });
    const response = await server.fetch('scores.rescore,scores.rescore?batch=1', {
      role: 'analyst',
      method: 'POST',
      headers: json,
      body,
    });
    expect(response.status).toBe(413);
  });
});

describe('security: per-token rate limit and job cap (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: seedStar,
      score: true,
      server: { rateLimit: { perSecond: 0.5, burst: 3 }, maxJobsPerToken: 2, jobs: { maxReaders: 1 } },
    });
  });
  afterAll(() => server?.close());

  it('answers 429 with Retry-After once a token has used its burst, and other tokens are not affected', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await server.fetch('session.me', { role: 'viewer' });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect((await response.json()).error.message).toMatch(/Too many requests/);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await server.fetch('session.me', { role: 'admin' })).status).toBe(200);
  });

  it('caps the jobs one token may have queued or running (429 with Retry-After)', async () => {
    const plan = (k: number) =>
      server.fetch('advocates.plan', { role: 'analyst', method: 'POST', headers: json, body: JSON.stringify({ k }) });
    const first = await plan(1);
    const second = await plan(2);
    const third = await plan(3);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await third.json()).error.message).toMatch(/already has 2 jobs/);
    for (const response of [first, second]) {
      const job = (await response.json()).result.data;
      server.app.services.jobs.cancel(job.id);
    }
  });
});

describe('security: the per-token bucket refills at its rate', () => {
  it('allows the burst, then one request per 1/rate seconds, each token on its own', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([0, 0, 0, 1]);
    expect(limiter.take('b')).toBe(0);
    now = 500; // half a second: one unit back
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    now = 60_000; // a long pause refills to the burst, not beyond
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([0, 0, 0, 1]);
  });
});

describe('security: the work and the answer of one ego request are bounded', () => {
  it('stops reading rings once the relationships visited reach the budget, and says truncated', async () => {
    // A hub with 300 listeners, each with 200 further listeners: depth 2 would read 60,300 relationships.
    const tiesOf = new Map<string, Tie[]>();
    const add = (source: string, target: string) => {
      for (const id of [source, target]) if (!tiesOf.has(id)) tiesOf.set(id, []);
      tiesOf.get(source)!.push({ source, target, weight: 1 });
      tiesOf.get(target)!.push({ source, target, weight: 1 });
    };
    for (let a = 0; a < 300; a++) {
      add('hub', `a${a}`);
      for (let b = 0; b < 200; b++) add(`a${a}`, `b${a}-${b}`);
    }
    let visited = 0;
    const read = async (ids: string[]) => {
      const ties = ids.flatMap((id) => tiesOf.get(id) ?? []);
      visited += ties.length;
      return ties;
    };
    const chosen = await chooseEgoPeople('hub', { depth: 2, limit: 10_000, maxVisited: 5_000 }, read);
    expect(chosen.truncated).toBe(true);
    // The budget, plus at most one batch of ring members (64 people of 201 relationships each) read past it.
    expect(visited).toBeLessThanOrEqual(5_000 + 64 * 201);
    expect(EGO_DEFAULTS.maxVisited).toBeGreaterThan(0);
  });

  it('returns at most MAX_EGO_RELATIONSHIPS relationships over HTTP, marked truncated', async () => {
    // 120 people all linked both ways: 14,280 relationships among the ego network of any of them.
    const people: Person[] = Array.from({ length: 120 }, (_, i) => ({ id: `p${i}` }));
    const relationships: Relationship[] = [];
    for (const a of people)
      for (const b of people)
        if (a.id !== b.id) relationships.push({ source: a.id, target: b.id, kind: 'influences', weight: 1 });
    const server = await startTestServer({
      seed: (store) => store.importBatches(batchesOf({ people, relationships }), { source: 'clique' }).then(() => {}),
      score: true,
    });
    try {
      const input = encodeURIComponent(JSON.stringify({ id: 'p0', depth: 1, limit: 200 }));
      const response = await server.fetch(`people.ego?input=${input}`, { role: 'viewer' });
      expect(response.status).toBe(200);
      const ego = (await response.json()).result.data;
      expect(ego.people).toHaveLength(120);
      expect(ego.relationships.length).toBe(MAX_EGO_RELATIONSHIPS);
      expect(ego.truncated).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('security: community layouts are made once per score version, not per limit', () => {
  it('gives the same positions for the same communities whatever the limit asked', async () => {
    const server = await startTestServer({ seed: seedStar, score: true });
    try {
      const view = (limit: number) => server.client('viewer').graph.view.query({ mode: 'communities', limit });
      const wide = await view(500);
      const narrow = await view(1);
      expect(narrow.positions).not.toBeNull();
      for (const node of narrow.nodes) expect(narrow.positions?.[node.id]).toEqual(wide.positions?.[node.id]);
      // The same object: the layout was computed once for the version.
      const cached = await server.app.services.cache.view();
      expect(cached.communityPositions()).toBe(cached.communityPositions());
    } finally {
      await server.close();
    }
  });
});
