import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { SwayError } from '../../graph/errors.ts';
import { roleAllows, type Role } from '../auth/roles.ts';
import type { Context } from './context.ts';

/** One readable line per problem, e.g. `limit: Too big: expected number to be <=100`. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
    .join('; ');
}

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

const SWAY_TO_TRPC = {
  INVALID_OPTIONS: 'BAD_REQUEST',
  INVALID_INPUT: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  CANCELLED: 'CLIENT_CLOSED_REQUEST',
} as const;

/**
 * Typed library errors become the matching tRPC (and HTTP) codes with their message; a store that cannot be reached is
 * 503 with a message that names no host; anything else stays internal.
 */
const mapSwayErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof SwayError)
    throw new TRPCError({ code: SWAY_TO_TRPC[cause.code], message: cause.message, cause });
  if ((cause as { code?: unknown } | undefined)?.code === 'STORE_UNAVAILABLE') {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The store cannot be reached right now; try again shortly.',
      cause,
    });
  }
  return result;
});

function requireRole(role: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.auth) {
      throw new TRPCError({
        code: 'UNAUTHORIZED',
        message: ctx.tokenPresented
          ? 'The API token is not valid (unknown or revoked).'
          : 'An API token is required: send "Authorization: Bearer <token>".',
      });
    }
    if (!roleAllows(ctx.auth.role, role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `This needs the ${role} role; the token has the ${ctx.auth.role} role.`,
      });
    }
    return next({ ctx: { ...ctx, auth: ctx.auth } });
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapSwayErrors);
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
export const analystProcedure = publicProcedure.use(requireRole('analyst'));
export const adminProcedure = publicProcedure.use(requireRole('admin'));

/** A person id as procedures accept it. */
export const personId = z.string().min(1, 'must not be empty').max(512, 'must be at most 512 characters');
