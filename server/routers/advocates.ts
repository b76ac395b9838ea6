import { advocatePlanRequest } from '../usecases/advocates.ts';
import { analystProcedure, router, startJob } from './trpc.ts';

export const advocatesRouter = router({
  /**
   * Starts an advocate plan as a job (follow it with jobs.progress), with the options of `sway advocates` (one schema,
   * server/usecases/advocates.ts). The same plan on the same graph and score version is answered from the earlier
   * result.
   */
  plan: analystProcedure.input(advocatePlanRequest).mutation(async ({ ctx, input }) => {
    const counts = await ctx.services.cache.versions();
    const params = { ...input, exclude: [...new Set(input.exclude)].sort(), include: [...new Set(input.include)] };
    const cacheKey = `advocates:${counts.graphVersion}:${counts.scoreVersion}:${JSON.stringify(params)}`;
    return startJob(ctx, { kind: 'advocates', params }, { cacheKey });
  }),
});
