import type { IncomingMessage, ServerResponse } from 'node:http';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import {
  callProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  type AnyRouter,
  type TRPCError,
} from '@trpc/server/unstable-core-do-not-import';

export interface DirectQueryOptions<TContext> {
  router: AnyRouter;
  createContext(req: IncomingMessage): TContext;
  /** Extra headers for an error answer (Retry-After for a 429), as the tRPC handler's responseMeta gives them. */
  errorHeaders(error: TRPCError): Record<string, string>;
  onError(error: TRPCError, path: string): void;
}

/**
 * Answers `GET /api/<procedure>?input=<json>` for one query procedure, the way tRPC's HTTP handler answers it (same
 * status, same `{result:{data}}` or `{error}` body through the router's own error formatter), by calling the
 * procedure directly.
 *
 * Why: the standalone handler turns each Node request into a Fetch `Request` (with an abort controller and a body
 * stream) and its answer back from a `Response` stream. On this 2-core machine that conversion was most of the API
 * thread's CPU per request (about 1.6 ms of 1.9 ms for people.get), so a re-scoring worker sharing the cores pushed
 * the hot reads' p99 past 50 ms. Everything that is not a plain single query (batches, mutations, subscriptions, event
 * streams, an input that is not JSON) returns false and goes to tRPC's handler, which stays the reference.
 */
export function createDirectQueryHandler<TContext>(options: DirectQueryOptions<TContext>) {
  const { router } = options;
  const procedures = router._def.procedures as Record<string, { _def: { type: string } } | undefined>;
  const config = router._def._config;

  return function handleDirectQuery(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    params: URLSearchParams,
  ): boolean {
    if (req.method !== 'GET' || procedures[path]?._def.type !== 'query') return false;
    if (String(req.headers.accept ?? '').includes('text/event-stream')) return false;
    if (params.has('batch')) return false;
    const raw = params.get('input');
    let input: unknown = undefined;
    if (raw !== null) {
      try {
        input = JSON.parse(raw);
      } catch {
        return false;
      }
    }
    answer(req, res, path, input).catch((cause: unknown) => answerFailed(res, path, cause));
    return true;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, path: string, input: unknown): Promise<void> {
    let ctx: TContext | undefined;
    let status = 200;
    let body: string;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    try {
      ctx = options.createContext(req);
      const data: unknown = await callProcedure({
        router,
        path,
        type: 'query',
        ctx,
        getRawInput: () => Promise.resolve(input),
        signal: undefined,
        batchIndex: 0,
      });
      body = JSON.stringify({ result: { data } });
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      options.onError(error, path);
      status = getHTTPStatusCodeFromError(error);
      Object.assign(headers, options.errorHeaders(error));
      body = JSON.stringify({ error: getErrorShape({ config, error, type: 'query', path, input, ctx }) });
    }
    if (res.writableEnded) return;
    res.writeHead(status, headers);
    res.end(body);
  }

  /**
   * What went wrong outside the procedure (formatting the error, writing the answer, reporting an error): reported like
   * any error, then a 500 if nothing was sent yet, otherwise the connection is closed, so a request never hangs or
   * takes the server down. Nothing escapes from here: this runs in a promise's rejection handler, and a throw would be
   * an unhandled rejection, which ends the process.
   */
  function answerFailed(res: ServerResponse, path: string, cause: unknown): void {
    try {
      options.onError(getTRPCErrorFromUnknown(cause), path);
    } catch {
      // The report itself failed (the failure may be the reporter's): there is nowhere left to report it to.
    }
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'the server could not write its answer', code: -32603 } }));
    } else res.destroy();
  }
}
