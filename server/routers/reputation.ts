import { z } from 'zod';
import { router, viewerProcedure } from './trpc.ts';
import { personBrief, requireColumns } from './present.ts';

export const reputationRouter = router({
  /**
   * Detractors (reputation or brand sentiment below the threshold the reputation family was computed with), the ones
   * whose complaints would travel furthest first: the risk list a community manager watches.
   */
  detractors: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, ['detractor', 'detractor_reach'], 'reputation');
      const flag = scores.columns.get('detractor')!;
      const reach = scores.columns.get('detractor_reach')!;
      const rows: number[] = [];
      for (let row = 0; row < scores.size; row++) if (flag[row] > 0) rows.push(row);
      const reachOf = (row: number) => (Number.isNaN(reach[row]) ? -1 : reach[row]);
      rows.sort((a, b) => reachOf(b) - reachOf(a) || (scores.ids[a] < scores.ids[b] ? -1 : 1));
      return {
        scoreVersion: scores.version,
        total: rows.length,
        detractors: rows.slice(0, input.limit).map((row) => {
          const id = scores.ids[row];
          return {
            ...personBrief(view, id),
            reputation: scores.value('reputation', row),
            fairness: scores.value('fairness', row),
            sentiment: view.graph.people.get(id)?.sentiment ?? null,
            detractorReach: scores.value('detractor_reach', row),
          };
        }),
      };
    }),
});
