import { z } from 'zod';
import { COLUMN } from '../../graph/scores/definitions.ts';
import { QUADRANTS, valueQuadrants, type Quadrant } from '../views/value-quadrants.ts';
import { personBrief, requireColumns } from './present.ts';
import { router, viewerProcedure } from './trpc.ts';

export const valueRouter = router({
  /**
   * Lifetime value against network value (the value of the customers a person's word reaches), split at the median (or
   * mean) of each: counts per quadrant over everyone, and up to `limit` points to draw (everyone when they fit;
   * otherwise the highest total values and an even sample of the rest).
   */
  quadrant: viewerProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(5000).default(2000),
          split: z.enum(['median', 'mean']).default('median'),
          customersOnly: z.boolean().default(false),
        })
        .default({ limit: 2000, split: 'median', customersOnly: false }),
    )
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, [COLUMN.clv, COLUMN.networkValue]);
      const clv = scores.columns.get(COLUMN.clv)!;
      const networkValue = scores.columns.get(COLUMN.networkValue)!;
      const { snapshot, people } = view.graph;
      const eligible = Array.from(scores.scored).filter(
        (index) =>
          !Number.isNaN(clv[index]) &&
          !Number.isNaN(networkValue[index]) &&
          (!input.customersOnly || people.get(snapshot.ids.idOf(index))?.customer === true),
      );
      const result = valueQuadrants({
        clv,
        networkValue,
        totalValue: scores.columns.get(COLUMN.totalValue),
        people: eligible,
        split: input.split,
        limit: input.limit,
        tieBreak: scores.byId,
      });
      return {
        scoreVersion: scores.version,
        split: input.split,
        thresholds: result.thresholds,
        quadrants: Object.entries(QUADRANTS).map(([id, label]) => ({
          id: id as Quadrant,
          label,
          count: result.counts[id as Quadrant],
        })),
        people: eligible.length,
        sampled: result.shown.length < eligible.length,
        points: result.shown.map((index) => ({
          ...personBrief(view, index),
          clv: clv[index],
          networkValue: networkValue[index],
          totalValue: result.totalOf(index),
          quadrant: result.quadrantOf(index),
        })),
      };
    }),
});
