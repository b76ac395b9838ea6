import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { BEARER_REQUIRED, type TokenStore } from '../auth/tokens.ts';
import { GraphCache } from '../cache/graph-cache.ts';
import { JobManager, type JobManagerOptions } from '../jobs/manager.ts';
import type { GraphStore } from '../stores/contract.ts';
import { createContext, presentedToken, type Services } from './context.ts';
import { applyCors } from './cors.ts';
import { appRouter } from '../routers/app-router.ts';
import { createDirectQueryHandler } from './direct-query.ts';
import { createStaticHandler } from './static-files.ts';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limit.ts';
import { API_METHODS, bodyLimitFor, procedurePaths, subscriptionPaths } from './request-gate.ts';
import { retryAfterOf } from '../routers/trpc.ts';
import { restrictFolder } from '../stores/file-modes.ts';

export interface SwayServerOptions {
  store: GraphStore;
  /** How job workers open the same store. */
  storeOptions: { data: string; store?: string };
  tokens: TokenStore;
  log: Logger;
  /** Origins allowed to call the API from a browser (exact scheme://host:port). Default none. */
  corsOrigins?: ReadonlySet<string>;
  /** Largest request body, in bytes, except uploads. Default 1 MiB. */
  maxRequestBytes?: number;
  /** Largest body of imports.create, in bytes (base64 adds a third). Default 100 MiB. */
  maxUploadBytes?: number;
  /** The built client to serve at / (looked for on each request, so a client built while the server runs is served). */
  clientDir?: string | null;
  /** Development: error responses carry stack traces. */
  dev?: boolean;
  /** Passed to the graph cache: how often the store's versions are checked. */
  probeMs?: number;
  jobs?: Pick<JobManagerOptions, 'maxReaders' | 'cancelGraceMs' | 'keepFinished' | 'engine' | 'retention'>;
  /** Requests per API token (429 with Retry-After beyond it); null: unlimited. Default DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimit | null;
  /** Jobs one token may have queued or running at once (429 beyond it). Default 4. */
  maxJobsPerToken?: number;
  /**
   * Answer plain single queries without tRPC's Fetch conversion (direct-query.ts). Default true; false sends every
   * request through tRPC's handler (the tests compare the two).
   */
  directQueries?: boolean;
}

/** Jobs one token may have queued or running at once, by default. */
export const DEFAULT_MAX_JOBS_PER_TOKEN = 4;

/** The procedures whose body may be as large as an upload. */
const UPLOADS: ReadonlySet<string> = new Set(['imports.create']);
/** Subscriptions (server-sent events): the only procedures that may take their token from the URL. */
const SUBSCRIPTIONS = subscriptionPaths(appRouter);

/** Where uploads wait for their import job: under the data folder, private, emptied of a killed server's leftovers. */
function prepareUploadDir(data: string): string {
  const dir = join(data, 'uploads');
  restrictFolder(dir);
  for (const name of readdirSync(dir)) {
    if (name.startsWith('sway-upload-')) rmSync(join(dir, name), { recursive: true, force: true });
  }
  return dir;
}

function answerJson(res: ServerResponse, status: number, message: string, code: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: { message, data: { code, httpStatus: status } } }));
}

/** The `connectionParams` query parameter that tRPC's httpSubscriptionLink sends (JSON), if any. */
function connectionParamsOf(req: IncomingMessage): Record<string, string | undefined> | null {
  const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams');
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string | undefined>) : null;
  } catch {
    return null;
  }
}

export interface SwayServer {
  server: Server;
  services: Services;
  /** Listens (port 0: an ephemeral port) and resolves with the address. */
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  /** Cancels the jobs, closes every connection (progress streams included) and stops listening. */
  close(): Promise<void>;
}

const API_PREFIX = '/api';

/**
 * The HTTP side of Sway: tRPC under /api (queries, mutations, and subscriptions as server-sent events), the built
 * client everywhere else, behind CORS, body limits and security headers; one structured log line per request.
 */
export function createSwayServer(options: SwayServerOptions): SwayServer {
  const { log } = options;
  const dev = options.dev ?? false;
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const maxUploadBytes = options.maxUploadBytes ?? 100 * 1024 * 1024;
  const cache = new GraphCache(options.store, { log, probeMs: options.probeMs });
  const jobs = new JobManager({
    ...options.jobs,
    store: options.storeOptions,
    log,
    beforeSucceeded: async (job) => {
      if (job.kind === 'advocates') return;
      // A new graph or score version: load it before the job is reported finished, not on the next request.
      cache.refresh();
      await cache.warm();
    },
  });
  const services: Services = {
    store: options.store,
    storeOptions: options.storeOptions,
    cache,
    jobs,
    tokens: options.tokens,
    log,
    maxUploadBytes,
    rateLimiter: options.rateLimit === null ? null : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    maxJobsPerToken: options.maxJobsPerToken ?? DEFAULT_MAX_JOBS_PER_TOKEN,
    uploadDir: prepareUploadDir(options.storeOptions.data),
  };

  const logFailure = (error: TRPCError, path: string | undefined) => {
    if (error.code !== 'INTERNAL_SERVER_ERROR') return;
    log.error(
      { procedure: path, err: error.cause?.name ?? error.name, stack: error.cause?.stack ?? error.stack },
      'procedure failed',
    );
  };
  const retryHeaders = (errors: readonly TRPCError[]): Record<string, string> => {
    const retryAfter = retryAfterOf(errors);
    return retryAfter ? { 'Retry-After': String(retryAfter) } : {};
  };
  const handlerFor = (maxBodySize: number) =>
    createHTTPHandler({
      router: appRouter,
      basePath: `${API_PREFIX}/`,
      maxBodySize,
      createContext: ({ req, info }) => {
        const presented = presentedToken(req, info.connectionParams, info.type === 'subscription');
        return createContext(services, presented.token, dev, presented.badScheme);
      },
      responseMeta: ({ errors }) => ({ headers: retryHeaders(errors) }),
      onError: ({ error, path }) => logFailure(error, path),
    });
  // Plain single queries (the hot reads) are answered without the Fetch conversion: see direct-query.ts.
  const directQuery =
    options.directQueries === false
      ? null
      : createDirectQueryHandler({
          router: appRouter,
          createContext: (req) => {
            const presented = presentedToken(req, null, false);
            return createContext(services, presented.token, dev, presented.badScheme);
          },
          errorHeaders: (error) => retryHeaders([error]),
          onError: logFailure,
        });
  const apiHandler = handlerFor(maxRequestBytes);
  const uploadHandler = handlerFor(maxUploadBytes);
  const serveStatic = options.clientDir ? createStaticHandler(options.clientDir) : null;
  const corsOrigins = options.corsOrigins ?? new Set<string>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    const isApi = pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
    res.on('finish', () => {
      // Procedure names, status and time only: query strings and bodies may hold ids or search terms.
      log.info(
        {
          method: req.method,
          route: isApi ? pathname.slice(API_PREFIX.length + 1) : 'static',
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    if (applyCors(req, res, corsOrigins)) return;
    if (isApi) {
      res.setHeader('Cache-Control', 'no-store');
      if (!API_METHODS.has(req.method ?? '')) {
        res.setHeader('Allow', [...API_METHODS].join(', '));
        answerJson(res, 405, `The API does not serve ${req.method} requests.`, 'METHOD_NOT_SUPPORTED');
        return;
      }
      const paths = procedurePaths(pathname, API_PREFIX);
      // tRPC answers a refused subscription inside a 200 event stream; refuse a stream without a valid token up front.
      const subscription = paths.some((path) => SUBSCRIPTIONS.has(path));
      if (subscription || String(req.headers.accept).includes('text/event-stream')) {
        const presented = presentedToken(req, connectionParamsOf(req), subscription);
        if (!services.tokens.verify(presented.token ?? '')) {
          answerJson(
            res,
            401,
            presented.badScheme ? BEARER_REQUIRED : 'A valid API token is required.',
            'UNAUTHORIZED',
          );
          return;
        }
      }
      const limit = bodyLimitFor(paths, UPLOADS);
      if (limit === null) {
        answerJson(res, 400, 'An upload (imports.create) cannot be batched with other calls.', 'BAD_REQUEST');
        return;
      }
      if (paths.length === 1 && directQuery?.(req, res, paths[0], url.searchParams)) return;
      (limit === 'upload' ? uploadHandler : apiHandler)(req, res);
      return;
    }
    if (serveStatic?.(req, res, pathname)) return;
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    const built = options.clientDir ? existsSync(join(options.clientDir, 'index.html')) : false;
    res.end(
      JSON.stringify({
        error: built
          ? 'Not found.'
          : 'Not found. The API is served under /api; the app is not built (npm run build, or restart `sway serve`, which builds it).',
      }),
    );
  });

  return {
    server,
    services,
    listen(port, host) {
      return new Promise((resolvePromise, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolvePromise({ url: `http://${shownHost}:${address.port}/`, port: address.port });
        });
      });
    },
    async close() {
      await jobs.shutdown();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}
