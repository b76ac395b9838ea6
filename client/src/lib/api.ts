import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { EventSource } from 'eventsource';
import type { AppRouter } from '../../../server/routers/app-router.ts';

/** What every procedure returns and takes, inferred from the server's router: the client never restates a shape. */
export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;

export type Api = ReturnType<typeof createApi>;

export interface ApiOptions {
  /** Where the API is mounted; the built client is served next to it, so a relative path works everywhere. */
  url?: string;
  /** The bearer token; null for the unauthenticated `health` call. */
  token: string | null;
}

function absolute(url: string): string {
  return new URL(url, globalThis.location?.href ?? 'http://localhost/').toString();
}

/**
 * The one tRPC client. Queries and mutations are batched over HTTP; subscriptions (job progress) use server-sent
 * events. A browser's own EventSource cannot send headers, so subscriptions go through the `eventsource` ponyfill
 * whose fetch adds the same Authorization header as every other call: the token never appears in a URL (where proxies
 * and access logs would keep it).
 */
export function createApi({ url = '/api', token }: ApiOptions) {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const endpoint = absolute(url);
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: endpoint,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...authorization } }),
          }),
        }),
        // Batched calls travel as one GET; long batches (naming a plan's advocates) are split below common URL limits.
        false: httpBatchLink({ url: endpoint, headers: () => authorization, maxURLLength: 4000 }),
      }),
    ],
  });
}
