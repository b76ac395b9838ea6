import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { TokenIdentity, TokenStore } from '../auth/tokens.ts';
import type { GraphCache } from '../cache/graph-cache.ts';
import type { JobManager } from '../jobs/manager.ts';
import type { GraphStore } from '../stores/contract.ts';
import type { RateLimiter } from './rate-limit.ts';

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
  /** Requests per token (null: unlimited). */
  rateLimiter: RateLimiter | null;
  /** Jobs one token may have queued or running at once. */
  maxJobsPerToken: number;
  /** Where uploads wait for their import job (under the data folder, so an erasure and a restart reach them). */
  uploadDir: string;
}

export interface Context {
  services: Services;
  /** Who the bearer token belongs to; null when none (or an unknown one) was sent. */
  auth: TokenIdentity | null;
  /** Whether a token was sent at all (to tell "missing" from "wrong" in the message). */
  tokenPresented: boolean;
  /** The Authorization header did not use the Bearer scheme. */
  badScheme: boolean;
  /** Development mode: error responses include stack traces. */
  dev: boolean;
}

/** The token a request presents, and whether its Authorization header lacked the Bearer scheme. */
export interface PresentedToken {
  token: string | null;
  /** An Authorization header was sent, but not as `Bearer <token>`. */
  badScheme: boolean;
}

/**
 * The bearer token of a request: the Authorization header (`Bearer <token>`, nothing else), or for a subscription over
 * server-sent events only (browsers' EventSource cannot set headers) the `token` connection parameter that tRPC's
 * httpSubscriptionLink sends in the URL. Queries and mutations never take a token from the URL: URLs end up in proxy
 * logs, browser history and Referer headers.
 */
export function presentedToken(
  req: IncomingMessage,
  connectionParams: Record<string, string | undefined> | null | undefined,
  subscription: boolean,
): PresentedToken {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer +(\S+) *$/i.exec(header);
    return match ? { token: match[1], badScheme: false } : { token: null, badScheme: true };
  }
  const param = subscription ? connectionParams?.token : undefined;
  return { token: typeof param === 'string' && param.length > 0 ? param : null, badScheme: false };
}

export function createContext(services: Services, token: string | null, dev: boolean, badScheme = false): Context {
  return {
    services,
    auth: token ? services.tokens.verify(token) : null,
    tokenPresented: token !== null || badScheme,
    badScheme,
    dev,
  };
}
