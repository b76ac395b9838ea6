import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import type { TokenStore } from '../auth/tokens.ts';
import { GraphCache } from '../cache/graph-cache.ts';
import { JobManager, type JobManagerOptions } from '../jobs/manager.ts';
import type { GraphStore } from '../stores/contract.ts';
import { createContext, presentedToken, type Services } from './context.ts';
import { applyCors } from './cors.ts';
import { appRouter } from './router.ts';
import { createStaticHandler } from './static-files.ts';

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
  /** The built client to serve at /, when the folder exists. */
  clientDir?: string | null;
  /** Development: error responses carry stack traces. */
  dev?: boolean;
  /** Passed to the graph cache: how often the store's versions are checked. */
  probeMs?: number;
  jobs?: Pick<JobManagerOptions, 'maxReaders' | 'cancelGraceMs' | 'keepFinished'>;
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
 * The HTTP side of Sway: tRPC under /api (queries, mutations, and subscriptions as server-sent events), the built client
 * everywhere else, behind CORS, body limits and security headers; one structured log line per request.
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
    onFinished: (job) => {
      if (job.status !== 'succeeded' || job.kind === 'advocates') return;
      // A new graph or score version: load it now rather than on the next request.
      cache.refresh();
      cache
        .warm()
        .catch((error: unknown) =>
          log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'cache warm-up failed'),
        );
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
  };

  const handlerFor = (maxBodySize: number) =>
    createHTTPHandler({
      router: appRouter,
      basePath: `${API_PREFIX}/`,
      maxBodySize,
      createContext: ({ req, info }) => createContext(services, presentedToken(req, info.connectionParams), dev),
      onError: ({ error, path }) => {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;
        log.error(
          { procedure: path, err: error.cause?.name ?? error.name, stack: error.cause?.stack ?? error.stack },
          'procedure failed',
        );
      },
    });
  const apiHandler = handlerFor(maxRequestBytes);
  const uploadHandler = handlerFor(maxUploadBytes);
  const serveStatic =
    options.clientDir && existsSync(options.clientDir) ? createStaticHandler(options.clientDir) : null;
  const corsOrigins = options.corsOrigins ?? new Set<string>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
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
      // tRPC answers a refused subscription inside a 200 event stream; refuse a stream without a valid token up front.
      if (
        String(req.headers.accept).includes('text/event-stream') &&
        !services.tokens.verify(presentedToken(req, connectionParamsOf(req)) ?? '')
      ) {
        res.statusCode = 401;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(
          JSON.stringify({
            error: { message: 'A valid API token is required.', data: { code: 'UNAUTHORIZED', httpStatus: 401 } },
          }),
        );
        return;
      }
      (pathname.includes('imports.create') ? uploadHandler : apiHandler)(req, res);
      return;
    }
    if (serveStatic?.(req, res, pathname)) return;
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(
      JSON.stringify({
        error: serveStatic
          ? 'Not found.'
          : 'Not found. The API is served under /api; the client is not built (npx vite build client).',
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
