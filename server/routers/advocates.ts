import { z } from 'zod';
import { DEFAULT_SEED } from '../../graph/random.ts';
import type { AdvocatesTaskParams } from '../jobs/protocol.ts';
import { analystProcedure, personId, router } from '../app/trpc.ts';

export const advocatePlanInput = z
  .object({
    /** How many advocates to choose. */
    k: z.number().int().min(1).max(500).default(50),
    /** Diffusion model: independent cascade or linear threshold. */
    model: z.enum(['ic', 'lt']).default('ic'),
    /** Approximation parameter of the reverse-reachable-set selection (smaller: closer to optimal, slower). */
    epsilon: z.number().min(0.01).max(0.5).default(0.1),
    /** Maximise the people reached, or the lifetime value reached. */
    objective: z.enum(['reach', 'value']).default('reach'),
    exclude: z.array(personId).max(100_000).default([]),
    include: z.array(personId).max(500).default([]),
    excludeDetractors: z.boolean().default(false),
    customersOnly: z.boolean().default(false),
    capPerCommunity: z.number().int().min(1).nullable().default(null),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(DEFAULT_SEED),
    /** Monte Carlo runs evaluating the selection and the two baselines (0: no evaluation). */
    evaluationRuns: z.number().int().min(0).max(100_000).default(10_000),
  })
  .refine((plan) => plan.include.length <= plan.k, { message: 'cannot include more people than k', path: ['include'] });

export const advocatesRouter = router({
  /**
   * Starts an advocate plan as a job (follow it with jobs.progress). The same plan on the same graph and score version is
   * answered from the earlier result.
   */
  plan: analystProcedure.input(advocatePlanInput).mutation(async ({ ctx, input }) => {
    const counts = await ctx.services.cache.versions();
    const params: AdvocatesTaskParams = {
      ...input,
      exclude: [...new Set(input.exclude)].sort(),
      include: [...new Set(input.include)],
    };
    const cacheKey = `advocates:${counts.graphVersion}:${counts.scoreVersion}:${JSON.stringify(params)}`;
    return ctx.services.jobs.start({ kind: 'advocates', params }, { cacheKey });
  }),
});
