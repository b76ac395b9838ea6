import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { EventSource } from 'eventsource';
import type { ImportBatch } from '../../../graph/model.ts';
import { createLogger } from '../../../server/app/logger.ts';
import { createSwayServer, type SwayServer, type SwayServerOptions } from '../../../server/app/http.ts';
import type { AppRouter } from '../../../server/app/router.ts';
import type { Role } from '../../../server/auth/roles.ts';
import { TokenStore } from '../../../server/auth/tokens.ts';
import { scoreStore } from '../../../server/jobs/score.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';

/** A job as the API returns it, and one event of its progress stream. */
export type Job = inferRouterOutputs<AppRouter>['jobs']['get'];
export type JobEvent = { type: 'progress' | 'finished'; job: Job };

export interface TestServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** The tRPC endpoint, url + "api". */
  api: string;
  store: GraphStore;
  data: string;
  app: SwayServer;
  tokens: Record<Role, string>;
  /** A typed tRPC client (batched HTTP, subscriptions over SSE) signed in with the role's token, or none. */
  client(role: Role | null): ReturnType<typeof createClient>;
  /** Raw fetch against the API with the role's bearer token. */
  fetch(path: string, init?: RequestInit & { role?: Role | null }): Promise<Response>;
  close(): Promise<void>;
}

export function createClient(api: string, token: string | null) {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: api,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...authorization } }),
          }),
        }),
        false: httpBatchLink({ url: api, headers: () => authorization }),
      }),
    ],
  });
}

/** An import batch stream from arrays (fixtures written in the test). */
export async function* batchesOf(batch: ImportBatch): AsyncIterable<ImportBatch> {
  yield batch;
}

/**
 * A real server on an ephemeral loopback port over a SQLite store in a temporary folder, with one token per role.
 * `seed` fills the store first; `score` publishes a score version before the server starts.
 */
export async function startTestServer(
  options: { seed?: (store: GraphStore) => Promise<void>; score?: boolean; server?: Partial<SwayServerOptions> } = {},
): Promise<TestServer> {
  const data = mkdtempSync(join(tmpdir(), 'sway-api-test-'));
  const store = await openStore({ data });
  await options.seed?.(store);
  if (options.score) await scoreStore(store, {});
  const tokenStore = new TokenStore(data);
  const tokens = {
    viewer: tokenStore.create({ role: 'viewer', name: 'test viewer' }).token,
    analyst: tokenStore.create({ role: 'analyst', name: 'test analyst' }).token,
    admin: tokenStore.create({ role: 'admin', name: 'test admin' }).token,
  };
  const app = createSwayServer({
    store,
    storeOptions: { data },
    tokens: tokenStore,
    log: createLogger({ level: 'silent' }),
    probeMs: 0,
    ...options.server,
  });
  const { url } = await app.listen(0, '127.0.0.1');
  const api = `${url}api`;
  return {
    url,
    api,
    store,
    data,
    app,
    tokens,
    client: (role) => createClient(api, role ? tokens[role] : null),
    fetch: (path, init = {}) => {
      const { role, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (role) headers.set('authorization', `Bearer ${tokens[role]}`);
      return fetch(`${api}/${path}`, { ...rest, headers });
    },
    async close() {
      await app.close();
      tokenStore.close();
      await store.close();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** The tRPC error code and HTTP status of a failed call, for assertions. */
export async function failure(call: Promise<unknown>): Promise<{ code: string; httpStatus: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const data = (error as { data?: { code: string; httpStatus: number } }).data;
    return { code: data?.code ?? 'none', httpStatus: data?.httpStatus ?? 0, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}
