import { spreadOptions } from '../usecases/spread.ts';
import { analystProcedure, router, startJob } from './trpc.ts';

export const spreadRouter = router({
  /**
   * Starts a spread analysis as a job (follow it with jobs.progress), with the options of `sway spread` (one schema,
   * server/usecases/spread.ts). The same analysis on the same graph and score version is answered from the earlier
   * result (it is seeded: the same options give the same result).
   */
  run: analystProcedure.input(spreadOptions).mutation(async ({ ctx, input }) => {
    const counts = await ctx.services.cache.versions();
    const cacheKey = `spread:${counts.graphVersion}:${counts.scoreVersion}:${JSON.stringify(input)}`;
    return startJob(ctx, { kind: 'spread', params: input }, { cacheKey });
  }),
});
