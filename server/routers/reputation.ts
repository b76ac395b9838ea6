import { z } from 'zod';
import { COLUMN } from '../../graph/scores/definitions.ts';
import { personBrief, requireColumns } from './present.ts';
import { router, viewerProcedure } from './trpc.ts';

export const reputationRouter = router({
  /**
   * Detractors (reputation or brand sentiment below the threshold the reputation family was computed with), the ones
   * whose complaints would travel furthest first: the risk list a community manager watches.
   */
  detractors: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, [COLUMN.detractor, COLUMN.detractorReach]);
      const flag = scores.columns.get(COLUMN.detractor)!;
      const reach = scores.columns.get(COLUMN.detractorReach)!;
      const flagged = Array.from(scores.scored).filter((index) => flag[index] > 0);
      const reachOf = (index: number) => (Number.isNaN(reach[index]) ? -1 : reach[index]);
      flagged.sort((a, b) => reachOf(b) - reachOf(a) || scores.byId(a, b));
      return {
        scoreVersion: scores.version,
        total: flagged.length,
        detractors: flagged.slice(0, input.limit).map((index) => ({
          ...personBrief(view, index),
          reputation: scores.value(COLUMN.reputation, index),
          fairness: scores.value(COLUMN.fairness, index),
          sentiment: view.graph.people.get(view.graph.snapshot.ids.idOf(index))?.sentiment ?? null,
          detractorReach: scores.value(COLUMN.detractorReach, index),
        })),
      };
    }),
});
