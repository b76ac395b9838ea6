import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ERASURE_REASONS } from '../stores/audit.ts';
import { personId } from '../usecases/options.ts';
import { adminProcedure, router } from './trpc.ts';

export const adminRouter = router({
  /**
   * Right to erasure: the person, their relationships and scores leave the store; cached copies and job results that
   * name them are dropped. The store keeps an audit record with a salted hash of the id, not the id.
   */
  erasePerson: adminProcedure
    .input(
      z.object({
        id: personId,
        /** Why, as a code: free text would keep what the erasure removes. */
        reason: z.enum(ERASURE_REASONS).optional(),
        /** A reference in the caller's ticket system; stored as a keyed hash. */
        ticket: z.string().trim().min(1).max(100).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { store, cache, jobs } = ctx.services;
      const erased = await store.erasePerson(input.id, {
        actor: `token:${ctx.auth.tokenId}`,
        reason: input.reason,
        ticket: input.ticket,
      });
      if (!erased) throw new TRPCError({ code: 'NOT_FOUND', message: 'No person with this id.' });
      cache.invalidate();
      // A re-scoring that loaded the graph before the erasure would publish the person's scores again: start it over.
      const running = jobs.active('score');
      for (const job of running) jobs.cancel(job.id);
      if (running.length > 0) jobs.start({ kind: 'score', params: {} });
      const forgottenJobs = jobs.forgetResultsMentioning(input.id);
      ctx.services.log.info({ event: 'erasure', forgottenJobs, restartedScoring: running.length > 0 }, 'person erased');
      return { erased: true, forgottenJobs, restartedScoring: running.length > 0 };
    }),

  /** The audit trail (erasures, imports): no personal data, only hashes and counts. */
  auditLog: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(1000).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => ctx.services.store.auditLog({ limit: input.limit })),
});
