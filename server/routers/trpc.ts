import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { SwayError } from '../../graph/errors.ts';
import { roleAllows, type Role } from '../auth/roles.ts';
import { errorOutcome } from '../errors.ts';
import { describeZodError } from '../usecases/options.ts';
import type { Context } from '../app/context.ts';

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
