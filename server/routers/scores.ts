import { z } from 'zod';
import { DEFAULT_SEED } from '../../graph/random.ts';
import { SCORE_FAMILIES } from '../../graph/scores/registry.ts';
import { analystProcedure, router, viewerProcedure } from '../app/trpc.ts';

const familyIds = SCORE_FAMILIES.map((family) => family.id);

export const scoresRouter = router({
  /** Every registered score with its family: what the client's panels and legends show. */
  definitions: viewerProcedure.query(() =>
    SCORE_FAMILIES.map((family) => ({
      id: family.id,
      label: family.label,
      description: family.description,
      reference: family.reference,
      scores: family.scores.map((score) => ({
        ...score,
        range: score.range ?? null,
        higherIsBetter: score.higherIsBetter ?? true,
      })),
    })),
  ),

  /**
   * Starts a re-scoring job (one at a time: asking again while one runs returns it). When the current score version was
   * computed on the current graph with the same families and seed, nothing is recomputed unless `force` is set.
   */
  rescore: analystProcedure
    .input(
      z
        .object({
          only: z
            .array(
              z.string().refine((id) => familyIds.includes(id), { message: `must be one of ${familyIds.join(', ')}` }),
            )
            .max(familyIds.length)
            .optional(),
          seed: z
            .number()
            .int()
            .min(0)
            .max(2 ** 32 - 1)
            .default(DEFAULT_SEED),
          force: z.boolean().default(false),
        })
        .default({ seed: DEFAULT_SEED, force: false }),
    )
    .mutation(async ({ ctx, input }) => {
      const { jobs, cache, store } = ctx.services;
      if (!input.force) {
        const [counts, current] = await Promise.all([cache.versions(), store.currentScoreVersion()]);
        const families = input.only
          ? SCORE_FAMILIES.filter((f) => input.only!.includes(f.id)).map((f) => f.id)
          : familyIds;
        const upToDate =
          current !== null &&
          current.meta.graphVersion === counts.graphVersion &&
          (current.meta.options as { seed?: number }).seed === input.seed &&
          families.every((family) => current.meta.families.includes(family));
        if (upToDate && jobs.active('score').length === 0)
          return jobs.completed('score', { version: current.version, upToDate: true });
      }
      return jobs.start({ kind: 'score', params: { only: input.only, seed: input.seed } });
    }),
});
