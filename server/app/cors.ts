import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS with an explicit allow-list of origins (scheme://host:port, exactly as browsers send them). Nothing is allowed
 * by default: the bundled client is served from the same origin and needs no CORS. Tokens travel in the Authorization
 * header, never in cookies, so credentials are not allowed.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  const permitted = typeof origin === 'string' && allowed.has(origin);
  if (permitted) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (permitted) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader(
      'Access-Control-Allow-Headers',
      'authorization, content-type, trpc-accept, x-trpc-source, last-event-id',
    );
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.statusCode = permitted ? 204 : 403;
  res.end();
  return true;
}

/** Parses `--cors https://a.example,https://b.example` into exact origins, rejecting anything that is not one. */
export function parseOrigins(list: string | undefined): Set<string> {
  const origins = new Set<string>();
  for (const entry of (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`CORS origin "${entry}" is not a URL (expected e.g. https://crm.example.com)`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash) {
      throw new Error(`CORS origin "${entry}" must be scheme://host[:port] with no path`);
    }
    origins.add(url.origin);
  }
  return origins;
}
