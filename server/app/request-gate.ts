import type { AnyRouter } from '@trpc/server';

/** The HTTP methods the API serves (tRPC: queries are GET, mutations POST; subscriptions GET as server-sent events). */
export const API_METHODS: ReadonlySet<string> = new Set(['GET', 'POST']);

/** The procedures a request to /api/<a,b,...> calls (tRPC's batch path), in order. */
export function procedurePaths(pathname: string, prefix: string): string[] {
  const rest = pathname.slice(prefix.length + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    decoded = rest;
  }
  return decoded.split(',').filter((path) => path.length > 0);
}

/** The paths of a router's subscriptions (server-sent events), where a token may come as a connection parameter. */
export function subscriptionPaths(router: AnyRouter): ReadonlySet<string> {
  const procedures = router._def.procedures as Record<string, { _def: { type: string } }>;
  return new Set(Object.keys(procedures).filter((path) => procedures[path]._def.type === 'subscription'));
}

/**
 * Which body limit a request gets, decided per procedure from its parsed batch path: an upload alone gets the upload
 * limit, anything else the ordinary one, and an upload batched with anything else is refused (null), so that batching
 * cannot lend the upload limit to other procedures.
 */
export function bodyLimitFor(paths: readonly string[], uploads: ReadonlySet<string>): 'request' | 'upload' | null {
  if (!paths.some((path) => uploads.has(path))) return 'request';
  return paths.length === 1 ? 'upload' : null;
}
