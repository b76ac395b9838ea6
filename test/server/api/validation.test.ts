import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedStar } from './fixtures.ts';
import { failure, startTestServer, type TestServer } from './harness.ts';

describe('API input validation and error responses (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      seed: seedStar,
      score: true,
      server: { maxRequestBytes: 64 * 1024, maxUploadBytes: 4 * 1024 },
    });
  });
  afterAll(() => server?.close());

  it('rejects bad input with 400 and a message naming the field', async () => {
    const viewer = server.client('viewer');
    const empty = await failure(viewer.people.get.query({ id: '' }));
    expect(empty).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(empty.message).toBe('Invalid input: id: must not be empty');

    const tooMany = await failure(viewer.people.search.query({ query: 'a', limit: 1000 }));
    expect(tooMany.message).toMatch(/^Invalid input: limit: .*50/);

    const analyst = server.client('analyst');
    expect((await failure(analyst.advocates.plan.mutate({ k: 0 }))).message).toMatch(/^Invalid input: k: .*1/);
    const include = await failure(analyst.advocates.plan.mutate({ k: 1, include: ['ann', 'bob'] }));
    expect(include.message).toBe('Invalid input: include: cannot include more people than k');
    const job = await failure(server.client('viewer').jobs.get.query({ id: 'not-a-job' }));
    expect(job.message).toBe('Invalid input: id: must be a job id (a UUID)');
  });

  it('lists the field path and problem of every issue in the error data', async () => {
    const response = await server.fetch(
      `people.get?input=${encodeURIComponent(JSON.stringify({ id: 7, contributors: 0 }))}`,
      { role: 'viewer' },
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.data.issues.map((issue: { path: string[] }) => issue.path.join('.'))).toEqual([
      'id',
      'contributors',
    ]);
    expect(body.error.data.stack).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/node_modules|\/work\/|\.ts:\d+/);
  });

  it('refuses unknown formats with the list of known ones', async () => {
    const admin = server.client('admin');
    // @ts-expect-error: an unknown format on purpose
    const result = await failure(admin.imports.create.mutate({ content: 'a b', format: 'xml' }));
    expect(result.message).toMatch(/^Invalid input: format: .*edgelist.*signed-csv.*graphml/);
  });

  it('answers 400 for a body that is not JSON, without internals', async () => {
    const response = await server.fetch('advocates.plan', {
      role: 'analyst',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"k": ',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/node_modules|\/work\/|at .*\(/);
  });

  it('refuses bodies over the limits with 413', async () => {
    const big = JSON.stringify({ k: 1, exclude: Array.from({ length: 20_000 }, (_, i) => `person-${i}`) });
    const response = await server.fetch('advocates.plan', {
      role: 'analyst',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(response.status).toBe(413);
    const upload = await failure(
      server.client('admin').imports.create.mutate({ content: '1 2\n'.repeat(2000), format: 'edgelist' }),
    );
    expect(upload).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    // Within the upload limit, the same route accepts it.
    const small = await server
      .client('admin')
      .imports.create.mutate({ content: '1 2\n', format: 'edgelist', score: false });
    expect(small.kind).toBe('import');
  });

  it('answers 404 with a clear message for unknown people and procedures', async () => {
    expect(await failure(server.client('viewer').people.get.query({ id: 'nobody' }))).toMatchObject({
      code: 'NOT_FOUND',
      httpStatus: 404,
    });
    const unknown = await server.fetch('people.nothing', { role: 'viewer' });
    expect(unknown.status).toBe(404);
  });
});

describe('internal errors', () => {
  it('say only "Internal server error" outside development, and carry the stack in development', async () => {
    for (const dev of [false, true]) {
      const server = await startTestServer({ seed: seedStar, server: { dev } });
      try {
        // The store goes away under the server: a failure nobody planned for.
        await server.store.close();
        const response = await server.fetch(`people.get?input=${encodeURIComponent(JSON.stringify({ id: 'ann' }))}`, {
          role: 'viewer',
        });
        expect(response.status).toBe(500);
        const body = await response.json();
        if (dev) {
          expect(typeof body.error.data.stack).toBe('string');
        } else {
          expect(body.error.message).toBe('Internal server error');
          expect(body.error.data.stack).toBeUndefined();
        }
      } finally {
        await server.app.close();
        server.app.services.tokens.close();
        rmSync(server.data, { recursive: true, force: true });
      }
    }
  });
});
