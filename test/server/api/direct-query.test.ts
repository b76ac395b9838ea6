import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC, TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectQueryHandler } from '../../../server/app/direct-query.ts';
import type { Role } from '../../../server/auth/roles.ts';
import { seedStar } from './fixtures.ts';
import { startTestServer, type TestServer } from './harness.ts';

interface Asked {
  path: string;
  /** The query string after '?', as a client would send it. */
  search?: string;
  role?: Role | null;
  headers?: Record<string, string>;
}

const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;

/** The same requests, each sent to a server answering single queries directly and to one sending all through tRPC. */
const ASKED: Asked[] = [
  { path: 'people.get', search: input({ id: 'ann' }), role: 'viewer' },
  { path: 'people.get', search: input({ id: 'nobody' }), role: 'viewer' },
  { path: 'people.get', search: input({ id: 42 }), role: 'viewer' },
  { path: 'people.get', role: 'viewer' },
  { path: 'people.get', search: input({ id: 'ann' }), role: null },
  { path: 'people.get', search: input({ id: 'ann' }), role: null, headers: { authorization: 'not-a-bearer' } },
  { path: 'people.get', search: input({ id: 'ann' }), role: null, headers: { authorization: 'Bearer unknown' } },
  { path: 'people.search', search: input({ q: 'b' }), role: 'viewer' },
  { path: 'scores.definitions', role: 'viewer' },
  { path: 'health', role: null },
  { path: 'admin.auditLog', search: input({}), role: 'viewer' },
  { path: 'admin.auditLog', search: input({}), role: 'admin' },
  // Not plain single queries: these go to tRPC's handler on both servers.
  { path: 'people.get', search: 'input=%7Bnot-json', role: 'viewer' },
  { path: 'people.get', search: `batch=1&${input({ 0: { id: 'ann' } })}`, role: 'viewer' },
  { path: 'scores.rescore', role: 'admin' },
  { path: 'no.suchProcedure', role: 'viewer' },
];

/** What a client sees of an answer: status, the headers that matter, and the body. */
async function seen(server: TestServer, asked: Asked) {
  const response = await server.fetch(`${asked.path}${asked.search ? `?${asked.search}` : ''}`, {
    role: asked.role,
    headers: asked.headers,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    body: JSON.parse(text) as unknown,
  };
}

/**
 * Single queries are answered without tRPC's Fetch conversion (server/app/direct-query.ts) for speed; a client must not
 * be able to tell: every answer, success or error, equals the one tRPC's own handler gives on a server where the
 * direct path is off, over the same store.
 */
describe('single queries answered directly', () => {
  let direct: TestServer;
  let viaTrpc: TestServer;
  beforeAll(async () => {
    direct = await startTestServer({ seed: seedStar, score: true });
    viaTrpc = await startTestServer({ seed: seedStar, score: true, server: { directQueries: false } });
  });
  afterAll(async () => {
    await direct?.close();
    await viaTrpc?.close();
  });

  it.each(ASKED.map((asked) => [`${asked.path}?${asked.search ?? ''} as ${asked.role ?? 'nobody'}`, asked]))(
    'answers %s as tRPC does',
    async (_, asked) => {
      const [a, b] = await Promise.all([seen(direct, asked), seen(viaTrpc, asked)]);
      expect(a).toEqual(b);
    },
  );

  it('answers a person with their scores and refuses an unknown one with 404', async () => {
    const ann = await seen(direct, ASKED[0]);
    expect(ann.status).toBe(200);
    expect((ann.body as { result: { data: { person: { id: string } } } }).result.data.person.id).toBe('ann');
    const nobody = await seen(direct, ASKED[1]);
    expect(nobody.status).toBe(404);
    expect(nobody.body).toMatchObject({ error: { data: { code: 'NOT_FOUND', path: 'people.get' } } });
  });

  it('sends Retry-After with a 429 as tRPC does', async () => {
    const limited = [
      await startTestServer({ seed: seedStar, server: { rateLimit: { perSecond: 0.001, burst: 1 } } }),
      await startTestServer({
        seed: seedStar,
        server: { rateLimit: { perSecond: 0.001, burst: 1 }, directQueries: false },
      }),
    ];
    try {
      const answers = [];
      for (const server of limited) {
        await seen(server, { path: 'graph.summary', role: 'viewer' });
        answers.push(await seen(server, { path: 'graph.summary', role: 'viewer' }));
      }
      expect(answers[0].status).toBe(429);
      expect(Number(answers[0].retryAfter)).toBeGreaterThan(0);
      expect(answers[0]).toEqual(answers[1]);
    } finally {
      for (const server of limited) await server.close();
    }
  });
});

describe('a direct answer that cannot be written', () => {
  it('is reported and answered with a 500 instead of leaving the request hanging', async () => {
    const t = initTRPC.create();
    const router = t.router({
      refuse: t.procedure.query(() => {
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS' });
      }),
    });
    const reported: string[] = [];
    const handle = createDirectQueryHandler({
      router,
      createContext: () => ({}),
      // A header value Node refuses to write: writeHead throws after the procedure has answered.
      errorHeaders: () => ({ 'Retry-After': 'soon\nand again' }),
      onError: (error) => reported.push(error.code),
    });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!handle(req, res, url.pathname.slice(1), url.searchParams)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/refuse`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: { message: 'the server could not write its answer', code: -32603 },
      });
      expect(reported).toEqual(['TOO_MANY_REQUESTS', 'INTERNAL_SERVER_ERROR']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is answered with a 500 even when reporting the error fails, and the server goes on answering', async () => {
    const t = initTRPC.create();
    const router = t.router({
      refuse: t.procedure.query(() => {
        throw new TRPCError({ code: 'TOO_MANY_REQUESTS' });
      }),
      fine: t.procedure.query(() => 'still here'),
    });
    let reports = 0;
    const handle = createDirectQueryHandler({
      router,
      createContext: () => ({}),
      errorHeaders: () => ({}),
      onError: () => {
        reports++;
        throw new Error('the log is unwritable');
      },
    });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!handle(req, res, url.pathname.slice(1), url.searchParams)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const refused = await fetch(`http://127.0.0.1:${port}/refuse`);
      expect(refused.status).toBe(500);
      expect(await refused.json()).toEqual({
        error: { message: 'the server could not write its answer', code: -32603 },
      });
      // Once for the procedure's error, once for the failure to answer it.
      expect(reports).toBe(2);
      const fine = await fetch(`http://127.0.0.1:${port}/fine`);
      expect(fine.status).toBe(200);
      expect(await fine.json()).toEqual({ result: { data: 'still here' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
