import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStar } from './fixtures.ts';
import { failure, startTestServer, type TestServer } from './harness.ts';

describe('admin.erasePerson: right to erasure (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedStar, score: true });
  });
  afterAll(() => server?.close());

  it('removes the person from every answer, keeps an audit record without the id', async () => {
    const viewer = server.client('viewer');
    // Load the caches first, so the test shows they are dropped.
    expect((await viewer.graph.view.query({ mode: 'top', limit: 10 })).nodes.map((n) => n.id)).toContain('cat');
    expect((await viewer.people.search.query({ query: 'cat' })).map((p) => p.id)).toEqual(['cat']);

    const admin = server.client('admin');
    expect(await admin.admin.erasePerson.mutate({ id: 'cat', reason: 'customer request' })).toMatchObject({
      erased: true,
    });

    expect(await failure(viewer.people.get.query({ id: 'cat' }))).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    expect(await viewer.people.search.query({ query: 'cat' })).toEqual([]);
    const view = await viewer.graph.view.query({ mode: 'top', limit: 10 });
    expect(view.nodes.map((n) => n.id)).not.toContain('cat');
    expect(view.edges.some((e) => e.source === 'cat' || e.target === 'cat')).toBe(false);
    const ann = await viewer.people.get.query({ id: 'ann' });
    expect(ann.outDegree).toBe(1);
    expect(JSON.stringify(ann)).not.toContain('"cat"');

    const audit = await admin.admin.auditLog.query({ limit: 10 });
    const erasure = audit.find((record) => record.action.includes('erase'));
    expect(erasure).toBeDefined();
    expect(JSON.stringify(audit)).not.toMatch(/\bcat\b|Cat Example/);
    expect(erasure!.actor).toMatch(/^token:[0-9a-f]+$/);
  });

  it('answers 404 for someone who is not there, and needs the admin role', async () => {
    expect(await failure(server.client('admin').admin.erasePerson.mutate({ id: 'nobody' }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await failure(server.client('analyst').admin.erasePerson.mutate({ id: 'ann' }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await server.store.getPerson('ann')).not.toBeNull();
  });
});
