import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { TokenIdentity, TokenStore } from '../auth/tokens.ts';
import type { GraphCache } from '../cache/graph-cache.ts';
import type { JobManager } from '../jobs/manager.ts';
import type { GraphStore } from '../stores/contract.ts';

/** Everything a procedure may use, created once per server. */
export interface Services {
  store: GraphStore;
  /** How job workers open the same store. */
  storeOptions: { data: string; store?: string };
  cache: GraphCache;
  jobs: JobManager;
  tokens: TokenStore;
  log: Logger;
  /** Largest upload accepted by imports.create, in bytes. */
  maxUploadBytes: number;
}

export interface Context {
  services: Services;
  /** Who the bearer token belongs to; null when none (or an unknown one) was sent. */
  auth: TokenIdentity | null;
  /** Whether a token was sent at all (to tell "missing" from "wrong" in the message). */
  tokenPresented: boolean;
  /** Development mode: error responses include stack traces. */
  dev: boolean;
}

/**
 * The bearer token of a request: the Authorization header, or for subscriptions over server-sent events (browsers'
 * EventSource cannot set headers) the `token` connection parameter that tRPC's httpSubscriptionLink sends.
 */
export function presentedToken(
  req: IncomingMessage,
  connectionParams: Record<string, string | undefined> | null | undefined,
): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : header;
  }
  const param = connectionParams?.token;
  return typeof param === 'string' && param.length > 0 ? param : null;
}

export function createContext(services: Services, token: string | null, dev: boolean): Context {
  return { services, auth: token ? services.tokens.verify(token) : null, tokenPresented: token !== null, dev };
}
