import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { SwayError } from '../../graph/errors.ts';
import { roleAllows, type Role } from '../auth/roles.ts';
import { BEARER_REQUIRED } from '../auth/tokens.ts';
import { errorOutcome } from '../errors.ts';
import { describeZodError } from '../usecases/options.ts';
import type { Context } from '../app/context.ts';
import type { JobState } from '../jobs/manager.ts';
import type { TaskRequest } from '../jobs/protocol.ts';

const t = initTRPC.context<Context>().create({
  // Stack traces are added by the formatter below only in development, whatever NODE_ENV says.
  isDev: false,
  sse: {
    // Keeps proxies from closing an idle progress stream, and lets the client notice a dead one.
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 30_000 },
  },
  errorFormatter({ shape, error, ctx }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const dev = ctx?.dev ?? false;
    return {
      ...shape,
      // An unexpected error's message may name files or internals: outside development only "internal error" leaves.
      message: zodError
        ? `Invalid input: ${describeZodError(zodError)}`
        : internal && !dev
          ? 'Internal server error'
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        issues: zodError
          ? zodError.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }))
          : null,
        ...(dev && error.stack ? { stack: error.stack } : {}),
      },
    };
  },
});

/**
 * Sway's errors become the tRPC (and HTTP) codes of the one error table (server/errors.ts), with their message or the
 * table's public one (a store that cannot be reached is 503 with a message that names no host); anything else stays
 * internal.
 */
const mapSwayErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof SwayError) {
    const outcome = errorOutcome(cause);
    throw new TRPCError({ code: outcome.trpc, message: outcome.publicMessage ?? cause.message, cause });
  }
  return result;
});

function requireRole(role: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.auth) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: ctx.badScheme
          ? BEARER_REQUIRED
          : ctx.tokenPresented
            ? 'The API token is not valid (unknown or revoked).'
            : 'An API token is required: send "Authorization: Bearer <token>".',
      });
    }
    const wait = ctx.services.rateLimiter?.take(ctx.auth.tokenId) ?? 0;
    if (wait > 0) throw tooManyRequests(`Too many requests with this token: try again in ${wait} s.`, wait);
    if (!roleAllows(ctx.auth.role, role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `This needs the ${role} role; the token has the ${ctx.auth.role} role.`,
      });
    }
    return next({ ctx: { ...ctx, auth: ctx.auth } });
  });
}

/** The cause of a 429, carrying the seconds the HTTP layer sends as Retry-After. */
export class RetryAfter extends Error {
  constructor(readonly seconds: number) {
    super(`retry after ${seconds} s`);
    this.name = 'RetryAfter';
  }
}

function tooManyRequests(message: string, seconds: number): TRPCError {
  return new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause: new RetryAfter(seconds) });
}

/** The Retry-After of a response's errors (seconds), if one of them was a 429. */
export function retryAfterOf(errors: readonly TRPCError[]): number | null {
  const seconds = errors.map((error) => (error.cause instanceof RetryAfter ? error.cause.seconds : 0));
  return Math.max(0, ...seconds) || null;
}

/** Seconds a caller whose token has too many jobs waiting is asked to wait before trying again. */
const JOB_QUOTA_RETRY_SECONDS = 10;

/**
 * Starts a job for the caller's token, refusing (429) a token that already has `maxJobsPerToken` jobs queued or
 * running, so one caller cannot fill the queue that every user's jobs wait in.
 */
export function startJob(
  ctx: { services: Context['services']; auth: { tokenId: string } },
  task: TaskRequest,
  options: { cacheKey?: string; cleanup?: () => void } = {},
): JobState {
  const { jobs, maxJobsPerToken } = ctx.services;
  const owner = ctx.auth.tokenId;
  const reused = options.cacheKey ? jobs.cachedResult(options.cacheKey) : null;
  if (!reused && jobs.activeCount(owner) >= maxJobsPerToken) {
    options.cleanup?.();
    throw tooManyRequests(
      `This token already has ${maxJobsPerToken} jobs queued or running: wait for one to finish.`,
      JOB_QUOTA_RETRY_SECONDS,
    );
  }
  return jobs.start(task, { ...options, owner });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapSwayErrors);
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
export const analystProcedure = publicProcedure.use(requireRole('analyst'));
export const adminProcedure = publicProcedure.use(requireRole('admin'));
