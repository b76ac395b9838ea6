import { z } from 'zod';
import { FAMILY_DECLARATIONS } from '../../graph/scores/definitions.ts';
import { ENGINE_OPTION_KEYS } from '../usecases/engine-choice.ts';
import { RETENTION_OPTION_KEYS } from '../usecases/options.ts';
import { rescoreOptions } from '../usecases/rescore.ts';
import { familyOptions } from '../usecases/score.ts';
import { analystProcedure, router, startJob, viewerProcedure } from './trpc.ts';

const FAMILY_IDS = FAMILY_DECLARATIONS.map((family) => family.id);

export const scoresRouter = router({
  /** Every declared score with its family: what the client's panels and legends show. */
  definitions: viewerProcedure.query(() =>
    FAMILY_DECLARATIONS.map((family) => ({
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
   * Starts a re-scoring job with the options of `sway rescore` (one schema, server/usecases/rescore.ts; one at a time:
   * asking again while one runs returns it). When the current score version was computed on the current graph with the
   * same families, seed and community options, nothing is recomputed unless `force` is set.
   */
  rescore: analystProcedure
    .input(
      rescoreOptions
        .omit({ ...ENGINE_OPTION_KEYS, ...RETENTION_OPTION_KEYS })
        .extend({ force: z.boolean().default(false) })
        .prefault({}),
    )
    .mutation(async ({ ctx, input }) => {
      const { jobs, cache, store } = ctx.services;
      const { force, ...params } = input;
      // Windows publish several versions: never answered by the current one.
      if (!force && input.windows === undefined) {
        const [counts, current] = await Promise.all([cache.versions(), store.currentScoreVersion()]);
        const families = input.only ? FAMILY_IDS.filter((id) => input.only!.includes(id)) : FAMILY_IDS;
        const upToDate =
          current !== null &&
          current.meta.graphVersion === counts.graphVersion &&
          (current.meta.options as { seed?: number }).seed === input.seed &&
          sameCommunityOptions(current.meta.options, familyOptions(input).communities) &&
          families.every((family) => current.meta.families.includes(family)) &&
          sameTime(input, current.meta.time);
        if (upToDate && jobs.active('score').length === 0)
          return jobs.completed('score', { version: current.version, upToDate: true });
      }
      return startJob(ctx, { kind: 'score', params });
    }),
});

/**
 * Whether a re-scoring request asks for the time the current set describes: no as-of date, window, half-life or
 * period given, and the current set made without a window or half-life (its as-of date is then the latest anyway).
 */
function sameTime(
  input: { asOf?: string; windowDays?: number; halfLifeDays?: number; periodDays?: number },
  time: { windowDays: number | null; halfLifeDays: number | null } | undefined,
): boolean {
  const asked = [input.asOf, input.windowDays, input.halfLifeDays, input.periodDays].some((x) => x !== undefined);
  return !asked && (time?.windowDays ?? null) === null && (time?.halfLifeDays ?? null) === null;
}

/** Whether a score set's communities were found with these options (a set scored without communities has none). */
function sameCommunityOptions(used: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  const communities = used.communities as Record<string, unknown> | undefined;
  return communities === undefined || Object.entries(wanted).every(([key, value]) => communities[key] === value);
}
