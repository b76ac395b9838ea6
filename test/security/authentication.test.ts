import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/app/logger.ts';
import { seedStar } from '../server/api/fixtures.ts';
import { startTestServer, type TestServer } from '../server/api/harness.ts';

/** Log lines the server wrote, parsed (pino JSON). */
function capturedLog(): { lines: Array<{ level: number; msg: string; stack?: string }>; stream: Writable } {
  const lines: Array<{ level: number; msg: string; stack?: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

/** A raw request with any method (fetch refuses TRACE), answering status, headers and body. */
function rawRequest(url: string, method: string): Promise<{ status: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const params = (token: string) => encodeURIComponent(JSON.stringify({ token }));

describe('security: authentication (real HTTP, real stores)', () => {
  let server: TestServer;
  const log = capturedLog();
  beforeAll(async () => {
    server = await startTestServer({
      seed: seedStar,
      score: true,
      server: { log: createLogger({ level: 'info', destination: log.stream }) },
    });
  });
  afterAll(() => server?.close());

  it('refuses a token in the URL (connectionParams) on a query: 401', async () => {
    const input = encodeURIComponent('{}');
    const response = await fetch(
      `${server.api}/admin.auditLog?input=${input}&connectionParams=${params(server.tokens.admin)}`,
    );
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(/token is required/);
  });

  it('refuses a token in the URL on a mutation: 401, and the mutation does not run', async () => {
    const response = await fetch(`${server.api}/admin.erasePerson?connectionParams=${params(server.tokens.admin)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'dan', reason: 'request' }),
    });
    expect(response.status).toBe(401);
    expect(await server.store.getPerson('dan')).not.toBeNull();
  });

  it('still takes the token from connectionParams on the progress stream (EventSource cannot send headers)', async () => {
    const job = await server.client('analyst').scores.rescore.mutate({ force: true });
    const controller = new AbortController();
    const input = encodeURIComponent(JSON.stringify({ id: job.id }));
    const response = await fetch(
      `${server.api}/jobs.progress?input=${input}&connectionParams=${params(server.tokens.viewer)}`,
      { headers: { accept: 'text/event-stream' }, signal: controller.signal },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    controller.abort();
    await server.client('analyst').jobs.cancel.mutate({ id: job.id });
  });

  it('requires the Bearer scheme: a bare token is 401 with a message that says so', async () => {
    for (const authorization of [server.tokens.admin, `Token ${server.tokens.admin}`, `Basic ${server.tokens.admin}`]) {
      const response = await server.fetch('session.me', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/Bearer scheme is required/);
    }
    const ok = await server.fetch('session.me', { headers: { authorization: `Bearer ${server.tokens.admin}` } });
    expect(ok.status).toBe(200);
  });

  it('answers a progress stream without a token 401, whatever its Accept header', async () => {
    const input = encodeURIComponent(JSON.stringify({ id: '00000000-0000-4000-8000-000000000000' }));
    const accepts: Array<Record<string, string>> = [
      {},
      { accept: 'text/event-stream' },
      { accept: 'application/json' },
    ];
    for (const headers of accepts) {
      const response = await fetch(`${server.api}/jobs.progress?input=${input}`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
    }
    const bare = await fetch(`${server.api}/jobs.progress?input=${input}`, {
      headers: { authorization: server.tokens.viewer },
    });
    expect(bare.status).toBe(401);
  });

  it('answers methods the API does not serve 405, with at most one info log line and no stack', async () => {
    for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH']) {
      const before = log.lines.length;
      const answer = await rawRequest(`${server.api}/health`, method);
      expect(answer.status).toBe(405);
      expect(answer.allow).toBe('GET, POST');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const written = log.lines.slice(before);
      expect(written.length).toBeLessThanOrEqual(1);
      for (const line of written) {
        expect(line.level).toBe(30);
        expect(line.stack).toBeUndefined();
      }
    }
  });
});
