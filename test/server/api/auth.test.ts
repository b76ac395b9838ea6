import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, TOKENS_FILE } from '../../../server/auth/tokens.ts';
import { seedStar } from './fixtures.ts';
import { failure, startTestServer, type TestServer } from './harness.ts';

describe('API authentication and roles (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedStar, score: true });
  });
  afterAll(() => server?.close());

  it('answers health without a token', async () => {
    const health = await server.client(null).health.query();
    expect(health).toMatchObject({ status: 'ok', store: 'ok', storeKind: 'sqlite' });
  });

  it('refuses a missing token with 401', async () => {
    const response = await server.fetch('graph.summary');
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error.data.code).toBe('UNAUTHORIZED');
    expect(body.error.message).toMatch(/token is required/);
    expect(await failure(server.client(null).graph.summary.query())).toMatchObject({
      code: 'UNAUTHORIZED',
      httpStatus: 401,
    });
  });

  it('refuses an unknown, malformed or wrong-scheme token with 401', async () => {
    for (const authorization of ['Bearer sway_notarealtoken', 'Bearer nonsense', `Basic ${server.tokens.admin}x`]) {
      const response = await server.fetch('graph.summary', { headers: { authorization } });
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/not valid/);
    }
  });

  it('refuses a role below the procedure with 403', async () => {
    const viewer = server.client('viewer');
    expect(await failure(viewer.advocates.plan.mutate({ k: 1 }))).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    expect(await failure(viewer.scores.rescore.mutate({}))).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    const analyst = server.client('analyst');
    expect(await failure(analyst.admin.erasePerson.mutate({ id: 'ann' }))).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
    });
    const upload = analyst.imports.create.mutate({ content: 'a b\n', format: 'edgelist' });
    expect(await failure(upload)).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403 });
    // Raw HTTP too: the status line, not only the body.
    const response = await server.fetch('admin.erasePerson', {
      role: 'viewer',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'ann' }),
    });
    expect(response.status).toBe(403);
  });

  it('lets each role do what it may', async () => {
    expect((await server.client('viewer').session.me.query()).role).toBe('viewer');
    expect((await server.client('viewer').graph.summary.query()).people).toBe(4);
    expect((await server.client('admin').session.me.query()).role).toBe('admin');
  });

  it('keeps only hashes of tokens on disk', () => {
    // The database file and its write-ahead log, as bytes: no secret in either.
    const bytes = [TOKENS_FILE, `${TOKENS_FILE}-wal`]
      .filter((name) => existsSync(join(server.data, name)))
      .map((name) => readFileSync(join(server.data, name)).toString('latin1'))
      .join('');
    const db = new Database(join(server.data, TOKENS_FILE), { readonly: true });
    const hashes = (db.prepare('SELECT hash FROM tokens').all() as Array<{ hash: string }>).map((row) => row.hash);
    db.close();
    for (const token of Object.values(server.tokens)) {
      expect(bytes).not.toContain(token.slice(5));
      expect(hashes).toContain(hashToken(token));
    }
  });

  it('stops accepting a revoked token', async () => {
    const { tokens } = server.app.services;
    const created = tokens.create({ role: 'viewer', name: 'to revoke' });
    const client = (await import('./harness.ts')).createClient(server.api, created.token);
    expect((await client.session.me.query()).tokenId).toBe(created.tokenId);
    tokens.revoke(created.tokenId);
    expect(await failure(client.session.me.query())).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
  });

  it('allows only listed CORS origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.api}/graph.summary`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const listed = await startTestServer({ server: { corsOrigins: new Set(['https://crm.example.com']) } });
    try {
      const allowed = await fetch(`${listed.api}/graph.summary`, {
        method: 'OPTIONS',
        headers: { origin: 'https://crm.example.com', 'access-control-request-method': 'GET' },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://crm.example.com');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    } finally {
      await listed.close();
    }
  });
});
