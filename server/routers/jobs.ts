import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { roleAllows } from '../auth/roles.ts';
import { analystProcedure, router, viewerProcedure } from '../app/trpc.ts';

const jobId = z.object({ id: z.uuid('must be a job id (a UUID)') });

export const jobsRouter = router({
  get: viewerProcedure.input(jobId).query(({ ctx, input }) => {
    const job = ctx.services.jobs.get(input.id);
    if (!job)
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: 'No such job (finished jobs are kept for a while, then forgotten).',
      });
    return job;
  }),

  /**
   * Server-sent events: the job's state now, then each progress change, then its final state (with the result or the
   * error), after which the stream ends.
   */
  progress: viewerProcedure.input(jobId).subscription(async function* ({ ctx, input, signal }) {
    if (!ctx.services.jobs.get(input.id)) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such job.' });
    yield* ctx.services.jobs.events(input.id, signal);
  }),

  /** Cancels a queued or running job (imports need the admin role, like starting one). */
  cancel: analystProcedure.input(jobId).mutation(({ ctx, input }) => {
    const job = ctx.services.jobs.get(input.id);
    if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such job.' });
    if (job.kind === 'import' && !roleAllows(ctx.auth.role, 'admin')) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Cancelling an import needs the admin role.' });
    }
    return ctx.services.jobs.cancel(input.id);
  }),
});
